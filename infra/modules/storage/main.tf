data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # Bucket names are global: the account and region make them unique without a random suffix.
  bucket_suffix = coalesce(var.bucket_suffix, "${local.account_id}-${data.aws_region.current.name}")

  buckets = {
    data      = { purpose = "Datasets under datasets/<name>/ that trigger pipeline runs" }
    artifacts = { purpose = "Model artifacts, baselines, evaluation reports, the routing policy" }
    capture   = { purpose = "SageMaker data capture: <endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl" }
  }

  bucket_names = { for k, _ in local.buckets : k => "${var.name_prefix}-${k}-${local.bucket_suffix}" }
  # Built from the names (not read back) so that policies and notifications never wait on a computed value.
  bucket_arns = { for k, n in local.bucket_names : k => "arn:${local.partition}:s3:::${n}" }

  create_kms_key = var.kms_key_arn == null
  kms_key_arn    = local.create_kms_key ? aws_kms_key.this[0].arn : var.kms_key_arn

  notify_datasets = var.datasets_notification_queue != null
  notify_capture  = var.capture_notification_queue != null
}

################################################################################
# KMS key for the buckets (and, through the root, the alerts topic)
################################################################################

resource "aws_kms_key" "this" {
  count = local.create_kms_key ? 1 : 0

  description             = "${var.name_prefix}: S3 data, artifacts and capture buckets"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Standard key policy: the account's IAM policies decide who uses the key.
        Sid       = "AccountIamPoliciesDecide"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # CloudWatch alarms publish to the alerts topic, which this key may encrypt.
        Sid       = "CloudWatchAlarmsPublishToEncryptedTopic"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "codestar-notifications.amazonaws.com", "events.amazonaws.com"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  count = local.create_kms_key ? 1 : 0

  name          = "alias/${var.name_prefix}-storage"
  target_key_id = aws_kms_key.this[0].key_id
}

################################################################################
# Buckets
################################################################################

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket        = local.bucket_names[each.key]
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Bucket = each.key, Purpose = each.value.purpose })
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = local.kms_key_arn
    }
    # S3 bucket keys cut KMS requests (and their cost) by orders of magnitude for capture traffic.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }
  }

  dynamic "rule" {
    # Captured requests are the bulk of the data and lose their value once folded into drift windows.
    for_each = each.key == "capture" && var.capture_retention_days != null ? [var.capture_retention_days] : []
    content {
      id     = "expire-captured-data"
      status = "Enabled"
      filter {}
      expiration {
        days = rule.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket_arns[each.key], "${local.bucket_arns[each.key]}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  # A bucket policy is rejected while the public access block is being created.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

################################################################################
# S3 -> SQS notifications: new datasets trigger runs, new capture files feed drift
################################################################################

# Queue policies let S3 deliver events from these buckets only (as terraform-aws-modules' s3-bucket
# notification module does). The queues themselves belong to the messaging module.
resource "aws_sqs_queue_policy" "datasets" {
  count = local.notify_datasets ? 1 : 0

  queue_url = var.datasets_notification_queue.url
  policy    = local.notification_queue_policies.datasets
}

resource "aws_sqs_queue_policy" "capture" {
  count = local.notify_capture ? 1 : 0

  queue_url = var.capture_notification_queue.url
  policy    = local.notification_queue_policies.capture
}

locals {
  notification_queue_policies = {
    datasets = !local.notify_datasets ? null : jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "S3DatasetEvents"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = var.datasets_notification_queue.arn
        Condition = {
          ArnEquals    = { "aws:SourceArn" = local.bucket_arns.data }
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      }]
    })
    capture = !local.notify_capture ? null : jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "S3CaptureEvents"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = var.capture_notification_queue.arn
        Condition = {
          ArnEquals    = { "aws:SourceArn" = local.bucket_arns.capture }
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      }]
    })
  }
}

resource "aws_s3_bucket_notification" "data" {
  count = local.notify_datasets ? 1 : 0

  bucket = aws_s3_bucket.this["data"].id

  queue {
    id            = "datasets-to-pipeline-triggers"
    queue_arn     = var.datasets_notification_queue.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.datasets_prefix
  }

  # S3 tests delivery when the notification is saved: the queue must already accept it.
  depends_on = [aws_sqs_queue_policy.datasets]
}

resource "aws_s3_bucket_notification" "capture" {
  count = local.notify_capture ? 1 : 0

  bucket = aws_s3_bucket.this["capture"].id

  queue {
    id            = "capture-to-capture-events"
    queue_arn     = var.capture_notification_queue.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.capture_prefix
    # SageMaker writes capture files as .jsonl; anything else in the bucket is not capture data.
    filter_suffix = ".jsonl"
  }

  depends_on = [aws_sqs_queue_policy.capture]
}
