output "service_name" {
  description = "Name of the ECS service."
  value       = try(aws_ecs_service.this.name, null)
}

output "service_id" {
  description = "ARN of the ECS service."
  value       = try(aws_ecs_service.this.id, null)
}

output "task_definition_arn" {
  description = "ARN of the task definition."
  value       = try(aws_ecs_task_definition.this.arn, null)
}

output "container_definition" {
  description = "The container definition (image, port, environment, secrets, logs)."
  value       = local.container_definition
}

output "task_role_arn" {
  description = "ARN of the task role."
  value       = try(aws_iam_role.task.arn, null)
}

output "task_role_name" {
  description = "Name of the task role."
  value       = try(aws_iam_role.task.name, null)
}

output "execution_role_arn" {
  description = "ARN of the execution role."
  value       = try(aws_iam_role.execution.arn, null)
}

output "security_group_id" {
  description = "Security group of the tasks."
  value       = try(aws_security_group.this.id, null)
}

output "log_group_name" {
  description = "CloudWatch log group of the service."
  value       = try(aws_cloudwatch_log_group.this.name, null)
}

output "ecr_repository_url" {
  description = "Image repository created for the service (null when `image` was given)."
  value       = try(aws_ecr_repository.this[0].repository_url, null)
}

output "ecr_repository_arn" {
  description = "ARN of the image repository created for the service."
  value       = try(aws_ecr_repository.this[0].arn, null)
}

output "image" {
  description = "Image the service runs."
  value       = local.image
}

output "service_discovery_service_arn" {
  description = "Cloud Map service of the tasks (integration target of an API Gateway VPC link)."
  value       = try(aws_service_discovery_service.this[0].arn, null)
}

output "iam_policies" {
  description = "Inline IAM policy documents this module attaches, by name (JSON)."
  value       = local.iam_policies
}
