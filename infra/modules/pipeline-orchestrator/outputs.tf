output "service_name" {
  description = "ECS service name."
  value       = try(module.service.service_name, null)
}

output "task_role_arn" {
  description = "Task role of the orchestrator."
  value       = try(module.service.task_role_arn, null)
}

output "security_group_id" {
  description = "Security group of the tasks."
  value       = try(module.service.security_group_id, null)
}

output "log_group_name" {
  description = "Log group of the service."
  value       = try(module.service.log_group_name, null)
}

output "ecr_repository_url" {
  description = "Image repository of the orchestrator (null when `image` was given)."
  value       = try(module.service.ecr_repository_url, null)
}

output "ecr_repository_arn" {
  description = "ARN of the orchestrator image repository."
  value       = try(module.service.ecr_repository_arn, null)
}

output "container_definition" {
  description = "The orchestrator container: image, port 8081, environment and secrets."
  value       = module.service.container_definition
}

output "environment" {
  description = "Environment of the orchestrator container (its Quarkus configuration)."
  value       = local.environment
}

output "admin_api_endpoint" {
  description = "Base URL of the admin API (e.g. `<url>/admin/runs`)."
  value       = try(aws_apigatewayv2_api.this.api_endpoint, null)
}

output "admin_api_id" {
  description = "ID of the admin HTTP API."
  value       = try(aws_apigatewayv2_api.this.id, null)
}

output "admin_api_execution_arn" {
  description = "Execution ARN of the admin API (grant `execute-api:Invoke` on `<arn>/*` to admin principals with IAM auth)."
  value       = try(aws_apigatewayv2_api.this.execution_arn, null)
}

output "admin_api_authorization_type" {
  description = "Authorization of the admin routes: AWS_IAM or JWT."
  value       = try(aws_apigatewayv2_route.this.authorization_type, null)
}

output "iam_policies" {
  description = "Inline IAM policy documents of the service's roles, by name (JSON)."
  value       = module.service.iam_policies
}
