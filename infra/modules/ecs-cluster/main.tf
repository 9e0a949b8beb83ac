resource "aws_ecs_cluster" "this" {
  name = var.name_prefix

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }

  tags = var.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = var.default_capacity_provider
    weight            = 1
  }
}

# Private DNS names for the services (`<service>.<namespace>`): the admin API's VPC link finds the
# orchestrator through it, and services find each other without a load balancer.
resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = coalesce(var.namespace_name, "${var.name_prefix}.internal")
  description = "${var.name_prefix}: service discovery"
  vpc         = var.vpc_id

  tags = var.tags
}
