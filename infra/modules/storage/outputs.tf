output "bucket_names" {
  description = "Bucket names by role: `data`, `artifacts`, `capture`."
  value       = { for k, b in aws_s3_bucket.this : k => b.bucket }
}

output "bucket_arns" {
  description = "Bucket ARNs by role: `data`, `artifacts`, `capture`."
  value       = { for k, _ in aws_s3_bucket.this : k => local.bucket_arns[k] }
}

output "data_bucket_name" {
  description = "Data bucket: datasets land under `datasets/<name>/`."
  value       = try(aws_s3_bucket.this["data"].bucket, null)
}

output "artifacts_bucket_name" {
  description = "Artifacts bucket: model artifacts, baselines, reports and `routing/policy.json`."
  value       = try(aws_s3_bucket.this["artifacts"].bucket, null)
}

output "capture_bucket_name" {
  description = "Capture bucket: SageMaker data capture."
  value       = try(aws_s3_bucket.this["capture"].bucket, null)
}

output "kms_key_arn" {
  description = "KMS key that encrypts the buckets."
  value       = try(local.kms_key_arn, null)
}

output "datasets_s3_uri" {
  description = "Where datasets go: `s3://<data bucket>/datasets/`."
  value       = try("s3://${aws_s3_bucket.this["data"].bucket}/${var.datasets_prefix}", null)
}

output "capture_s3_uri" {
  description = "Data capture destination for endpoint configs: `s3://<capture bucket>/<capture_prefix>`."
  value       = try(trimsuffix("s3://${aws_s3_bucket.this["capture"].bucket}/${var.capture_prefix}", "/"), null)
}

output "routing_policy_s3_uri" {
  description = "The routing policy object that the orchestrator writes and the gateway reads."
  value       = try("s3://${aws_s3_bucket.this["artifacts"].bucket}/routing/policy.json", null)
}

output "public_access_blocks" {
  description = "Public access block settings per bucket (all four flags are true for every bucket)."
  value = { for k, p in aws_s3_bucket_public_access_block.this : k => {
    block_public_acls       = p.block_public_acls
    block_public_policy     = p.block_public_policy
    ignore_public_acls      = p.ignore_public_acls
    restrict_public_buckets = p.restrict_public_buckets
  } }
}

output "encryption" {
  description = "Default encryption per bucket: algorithm and key."
  value = { for k, e in aws_s3_bucket_server_side_encryption_configuration.this : k => {
    sse_algorithm     = one([for r in e.rule : one(r.apply_server_side_encryption_by_default).sse_algorithm])
    kms_master_key_id = one([for r in e.rule : one(r.apply_server_side_encryption_by_default).kms_master_key_id])
  } }
}
