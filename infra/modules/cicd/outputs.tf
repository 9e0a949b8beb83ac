output "pipeline_name" {
  description = "Name of the CodePipeline."
  value       = try(aws_codepipeline.this.name, null)
}

output "codebuild_project_name" {
  description = "Name of the CodeBuild project."
  value       = try(aws_codebuild_project.this.name, null)
}

output "codebuild_role_name" {
  description = "Build role (attach a deployer policy via `deploy_policy_arns`)."
  value       = try(aws_iam_role.codebuild.name, null)
}

output "connection_arn" {
  description = "Repository connection (confirm a new one once in the console)."
  value       = try(local.connection_arn, null)
}

output "kms_key_arn" {
  description = "KMS key of the pipeline and the admin token."
  value       = try(aws_kms_key.this.arn, null)
}

output "admin_token_secret_arn" {
  description = "Secret with the admin API bearer token (`MLOPS_ADMIN_TOKEN` of the orchestrator)."
  value       = try(aws_secretsmanager_secret.admin_token.arn, null)
}

output "artifact_bucket_name" {
  description = "Pipeline artifact bucket."
  value       = try(aws_s3_bucket.this.bucket, null)
}

output "buildspec" {
  description = "The buildspec the CodeBuild project runs."
  value       = try(aws_codebuild_project.this.source[0].buildspec, null)
}

output "build_environment" {
  description = "Environment variables of the build."
  value       = local.build_environment
}

output "iam_policies" {
  description = "Inline IAM policy documents this module attaches, by name (JSON)."
  value       = local.iam_policies
}

output "public_access_block" {
  description = "Public access block of the artifact bucket (all four flags true)."
  value = try({
    block_public_acls       = aws_s3_bucket_public_access_block.this.block_public_acls
    block_public_policy     = aws_s3_bucket_public_access_block.this.block_public_policy
    ignore_public_acls      = aws_s3_bucket_public_access_block.this.ignore_public_acls
    restrict_public_buckets = aws_s3_bucket_public_access_block.this.restrict_public_buckets
  }, null)
}

output "encryption" {
  description = "Default encryption of the artifact bucket: algorithm and key."
  value = try({
    sse_algorithm     = one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : one(r.apply_server_side_encryption_by_default).sse_algorithm])
    kms_master_key_id = one([for r in aws_s3_bucket_server_side_encryption_configuration.this.rule : one(r.apply_server_side_encryption_by_default).kms_master_key_id])
  }, null)
}
