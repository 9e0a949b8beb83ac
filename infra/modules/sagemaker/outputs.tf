output "execution_role_arn" {
  description = "SageMaker execution role (the orchestrator passes it to jobs, models and endpoints)."
  value       = try(aws_iam_role.this.arn, null)
}

output "execution_role_name" {
  description = "Name of the SageMaker execution role."
  value       = try(aws_iam_role.this.name, null)
}

output "ecr_repository_url" {
  description = "Repository of the model image (`serve`/`train`/`preprocess`/`evaluate` entrypoint)."
  value       = try(aws_ecr_repository.this.repository_url, null)
}

output "ecr_repository_arn" {
  description = "ARN of the model image repository."
  value       = try(aws_ecr_repository.this.arn, null)
}

output "image_uri" {
  description = "Model image URI with the configured tag."
  value       = try("${aws_ecr_repository.this.repository_url}:${var.image_tag}", null)
}

output "ssm_parameter_path" {
  description = "SSM path under which the settings live (`MLOPS_SAGEMAKER_SETTINGS_PATH`)."
  value       = local.ssm_path
}

output "ssm_parameter_path_arn" {
  description = "ARN pattern of the settings parameters (for IAM)."
  value       = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${local.ssm_path}/*"
}

output "settings" {
  description = "The settings as written to SSM, by parameter name relative to the path."
  value       = local.settings
}

output "endpoint_stages" {
  description = "Endpoint settings per pipeline stage, as configured."
  value       = var.endpoint_stages
}

output "autoscaling_policies" {
  description = "TargetTrackingScalingPolicyConfiguration JSON per stage with autoscaling, for PutScalingPolicy."
  value       = local.autoscaling_policies
}

output "scalable_targets" {
  description = "Terraform-managed scalable targets: resource id and bounds."
  value = { for k, t in aws_appautoscaling_target.this : k => {
    resource_id  = t.resource_id
    min_capacity = t.min_capacity
    max_capacity = t.max_capacity
  } }
}

output "iam_policies" {
  description = "Inline IAM policy documents this module attaches, by name (JSON)."
  value       = local.iam_policies
}
