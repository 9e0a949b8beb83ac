output "service_name" {
  description = "ECS service name."
  value       = try(module.service.service_name, null)
}

output "task_role_arn" {
  description = "Task role of the drift monitor."
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
  description = "Image repository of the drift monitor (null when `image` was given)."
  value       = try(module.service.ecr_repository_url, null)
}

output "ecr_repository_arn" {
  description = "ARN of the drift monitor image repository."
  value       = try(module.service.ecr_repository_arn, null)
}

output "container_definition" {
  description = "The drift monitor container: image, port 8082, environment and secrets."
  value       = module.service.container_definition
}

output "environment" {
  description = "Environment of the drift monitor container (its Quarkus configuration)."
  value       = local.environment
}

output "iam_policies" {
  description = "Inline IAM policy documents of the service's roles, by name (JSON)."
  value       = module.service.iam_policies
}
