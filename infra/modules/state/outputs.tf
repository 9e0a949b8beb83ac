output "cluster_id" {
  description = "Identifier of the Aurora cluster."
  value       = try(aws_rds_cluster.this.id, null)
}

output "cluster_arn" {
  description = "ARN of the Aurora cluster."
  value       = try(aws_rds_cluster.this.arn, null)
}

output "endpoint" {
  description = "Writer endpoint."
  value       = try(aws_rds_cluster.this.endpoint, null)
}

output "reader_endpoint" {
  description = "Reader endpoint."
  value       = try(aws_rds_cluster.this.reader_endpoint, null)
}

output "port" {
  description = "PostgreSQL port."
  value       = try(aws_rds_cluster.this.port, null)
}

output "database_name" {
  description = "Name of the database."
  value       = try(aws_rds_cluster.this.database_name, null)
}

output "jdbc_url" {
  description = "`QUARKUS_DATASOURCE_JDBC_URL` of the orchestrator and the drift monitor."
  value       = try("jdbc:postgresql://${aws_rds_cluster.this.endpoint}:${aws_rds_cluster.this.port}/${aws_rds_cluster.this.database_name}", null)
}

output "master_username" {
  description = "Master user name (also in the secret, key `username`)."
  value       = try(aws_rds_cluster.this.master_username, null)
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret with the credentials (JSON keys `username`, `password`), managed by RDS."
  value       = try(aws_rds_cluster.this.master_user_secret[0].secret_arn, null)
}

output "master_user_secret_kms_key_arn" {
  description = "KMS key of the credentials secret (readers need kms:Decrypt on it when it is a customer key)."
  value       = try(aws_rds_cluster.this.master_user_secret[0].kms_key_id, null)
}

output "client_security_group_id" {
  description = "Security group to attach to anything that connects to the database."
  value       = try(aws_security_group.client.id, null)
}

output "security_group_id" {
  description = "Security group of the database."
  value       = try(aws_security_group.this.id, null)
}

output "scaling" {
  description = "Serverless v2 scaling settings: min/max ACU and the auto-pause delay."
  value = try({
    min_capacity             = one(aws_rds_cluster.this.serverlessv2_scaling_configuration).min_capacity
    max_capacity             = one(aws_rds_cluster.this.serverlessv2_scaling_configuration).max_capacity
    seconds_until_auto_pause = var.min_capacity == 0 ? one(aws_rds_cluster.this.serverlessv2_scaling_configuration).seconds_until_auto_pause : null
  }, null)
}
