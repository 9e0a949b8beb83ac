output "cluster_arn" {
  description = "ARN of the ECS cluster (available once its capacity providers are attached, which services need)."
  value       = try(aws_ecs_cluster.this.arn, null)

  depends_on = [aws_ecs_cluster_capacity_providers.this]
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = try(aws_ecs_cluster.this.name, null)
}

output "service_discovery_namespace_id" {
  description = "ID of the private DNS namespace."
  value       = try(aws_service_discovery_private_dns_namespace.this.id, null)
}

output "service_discovery_namespace_name" {
  description = "Name of the private DNS namespace (services are `<service>.<namespace>`)."
  value       = try(aws_service_discovery_private_dns_namespace.this.name, null)
}
