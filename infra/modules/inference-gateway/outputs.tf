output "function_name" {
  description = "Name of the gateway function."
  value       = try(aws_lambda_function.this.function_name, null)
}

output "function_arn" {
  description = "ARN of the gateway function."
  value       = try(aws_lambda_function.this.arn, null)
}

output "function_version" {
  description = "Version published by this apply: the `TargetVersion` of the next CodeDeploy deployment."
  value       = try(aws_lambda_function.this.version, null)
}

output "alias_name" {
  description = "The alias API Gateway calls."
  value       = try(aws_lambda_alias.live.name, null)
}

output "alias_arn" {
  description = "ARN of the `live` alias."
  value       = try(aws_lambda_alias.live.arn, null)
}

output "api_endpoint" {
  description = "Public prediction API base URL (`POST <url>/v1/predictions`)."
  value       = try(aws_apigatewayv2_api.this.api_endpoint, null)
}

output "api_id" {
  description = "ID of the HTTP API (CloudWatch dimension `ApiId`)."
  value       = try(aws_apigatewayv2_api.this.id, null)
}

output "codedeploy_app_name" {
  description = "CodeDeploy application of the gateway."
  value       = try(aws_codedeploy_app.this.name, null)
}

output "codedeploy_deployment_group_name" {
  description = "CodeDeploy deployment group that shifts the alias."
  value       = try(aws_codedeploy_deployment_group.this.deployment_group_name, null)
}

output "rollback_alarm_names" {
  description = "Alarms that roll a deployment back."
  value       = try(aws_codedeploy_deployment_group.this.alarm_configuration[0].alarms, [])
}

output "environment" {
  description = "Environment of the function (its Quarkus configuration)."
  value       = local.environment
}

output "log_group_name" {
  description = "Log group of the function (EMF metrics are extracted from it)."
  value       = try(aws_cloudwatch_log_group.this.name, null)
}

output "iam_policies" {
  description = "Inline IAM policy documents this module attaches, by name (JSON)."
  value       = local.iam_policies
}

output "deployment_config_name" {
  description = "CodeDeploy configuration of gateway releases."
  value       = try(aws_codedeploy_deployment_group.this.deployment_config_name, null)
}

output "auto_rollback_events" {
  description = "Events that roll a gateway deployment back."
  value       = try(aws_codedeploy_deployment_group.this.auto_rollback_configuration[0].events, [])
}
