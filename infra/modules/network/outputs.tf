output "vpc_id" {
  description = "ID of the VPC."
  value       = try(aws_vpc.this.id, null)
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = try(aws_vpc.this.cidr_block, null)
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (ECS tasks, Aurora)."
  value       = try(aws_subnet.private[*].id, [])
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (NAT gateways only)."
  value       = try(aws_subnet.public[*].id, [])
}

output "private_route_table_ids" {
  description = "IDs of the private route tables."
  value       = try(aws_route_table.private[*].id, [])
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (what AWS APIs and the internet see from the tasks)."
  value       = try(aws_eip.nat[*].public_ip, [])
}

output "azs" {
  description = "Availability zones in use."
  value       = var.azs
}

output "iam_policies" {
  description = "Inline IAM policy documents this module attaches, by name (JSON)."
  value       = var.enable_flow_log ? { "vpc-flow-log" = local.flow_log_policy } : {}
}
