data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  name       = "${var.name_prefix}-cicd"
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  connection_arn = var.connection_arn != null ? var.connection_arn : aws_codestarconnections_connection.this[0].arn

  artifact_bucket_name = "${local.name}-${local.account_id}-${local.region}"
  artifact_bucket_arn  = "arn:${local.partition}:s3:::${local.artifact_bucket_name}"

  build_environment = merge(
    {
      ENVIRONMENT                  = var.environment_name
      TF_ROOT                      = var.terraform_root
      TF_STATE_BUCKET              = var.terraform_state.bucket
      TF_STATE_KEY                 = var.terraform_state.key
      TF_STATE_REGION              = coalesce(var.terraform_state.region, local.region)
      TERRAFORM_VERSION            = var.terraform_version
      TERRAFORM_SHA256             = var.terraform_sha256
      BOOTSTRAP_TARGETS            = join(" ", var.bootstrap_targets)
      MODEL_REPOSITORY_URL         = var.image_repositories.model.url
      ORCHESTRATOR_REPOSITORY_URL  = var.image_repositories.orchestrator.url
      DRIFT_MONITOR_REPOSITORY_URL = var.image_repositories.drift_monitor.url
      PACKAGE_BUCKET               = var.gateway_package.bucket_name
      PACKAGE_PREFIX               = var.gateway_package.key_prefix
      PIPELINE_TRIGGERS_QUEUE_URL  = var.pipeline_triggers_queue.url
      CODEDEPLOY_APPLICATION       = var.gateway_codedeploy.application_name
      CODEDEPLOY_DEPLOYMENT_GROUP  = var.gateway_codedeploy.deployment_group_name
    },
    var.build_environment,
  )
}

################################################################################
# KMS key: pipeline artifacts, build logs and outputs, the admin token
################################################################################

resource "aws_kms_key" "this" {
  description             = "${local.name}: pipeline artifacts, builds and the admin token"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      # Standard key policy: the account's IAM policies decide who uses the key.
      Sid       = "AccountIamPoliciesDecide"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this.key_id
}

################################################################################
# Secrets: the admin API token (the orchestrator checks it; admins and CI present it)
################################################################################

resource "aws_secretsmanager_secret" "admin_token" {
  name                    = "${var.name_prefix}/admin-token"
  description             = "${var.name_prefix}: bearer token of the orchestrator's admin API"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.secret_recovery_window_in_days

  tags = var.tags
}

# Generated once. Rotate with `aws secretsmanager put-secret-value` (then restart the orchestrator):
# later applies ignore the value, so rotation outside Terraform sticks.
data "aws_secretsmanager_random_password" "admin_token" {
  password_length     = 48
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret_version" "admin_token" {
  secret_id     = aws_secretsmanager_secret.admin_token.id
  secret_string = data.aws_secretsmanager_random_password.admin_token.random_password

  lifecycle {
    ignore_changes = [secret_string]
  }
}

################################################################################
# Repository connection. A new CodeStar connection is PENDING until someone completes the handshake
# once in the console (Developer Tools > Settings > Connections); the pipeline cannot start before.
################################################################################

resource "aws_codestarconnections_connection" "this" {
  count = var.connection_arn == null ? 1 : 0

  name          = substr("${var.name_prefix}-repo", 0, 32)
  provider_type = var.connection_provider

  tags = var.tags
}

################################################################################
# Pipeline artifact bucket
################################################################################

resource "aws_s3_bucket" "this" {
  bucket        = local.artifact_bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-pipeline-artifacts"
    status = "Enabled"
    filter {}
    expiration {
      days = var.artifact_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [local.artifact_bucket_arn, "${local.artifact_bucket_arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.this]
}

################################################################################
# CodeBuild: test, build images, terraform apply, canary the gateway, tell the orchestrator
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/codebuild/${local.name}"
  retention_in_days = var.log_retention_in_days

  tags = var.tags
}

resource "aws_codebuild_project" "this" {
  name           = local.name
  description    = "${var.name_prefix}: ./mlops test, images to ECR, terraform apply, gateway canary, source-change event"
  service_role   = aws_iam_role.codebuild.arn
  build_timeout  = var.build_timeout_minutes
  encryption_key = aws_kms_key.this.arn

  source {
    type      = "CODEPIPELINE"
    buildspec = file("${path.module}/buildspec.yml")
  }

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    compute_type = var.build_compute_type
    image        = var.build_image
    type         = "LINUX_CONTAINER"
    # Docker builds of the model and service images need the daemon.
    privileged_mode = true

    dynamic "environment_variable" {
      for_each = local.build_environment
      content {
        name  = environment_variable.key
        value = environment_variable.value
      }
    }

    environment_variable {
      name  = "ADMIN_TOKEN_SECRET_ARN"
      value = aws_secretsmanager_secret.admin_token.arn
    }
  }

  logs_config {
    cloudwatch_logs {
      group_name = aws_cloudwatch_log_group.this.name
    }
  }

  tags = var.tags
}

################################################################################
# CodePipeline: source -> (approval) -> build and deploy
################################################################################

resource "aws_codepipeline" "this" {
  name          = local.name
  role_arn      = aws_iam_role.codepipeline.arn
  pipeline_type = "V2"

  artifact_store {
    type     = "S3"
    location = aws_s3_bucket.this.bucket

    encryption_key {
      type = "KMS"
      id   = aws_kms_key.this.arn
    }
  }

  stage {
    name = "Source"

    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = "CodeStarSourceConnection"
      version          = "1"
      output_artifacts = ["source"]

      configuration = {
        ConnectionArn        = local.connection_arn
        FullRepositoryId     = var.repository
        BranchName           = var.branch
        OutputArtifactFormat = "CODE_ZIP"
        DetectChanges        = "true"
      }
    }
  }

  dynamic "stage" {
    for_each = var.require_approval ? [1] : []
    content {
      name = "Approve"

      action {
        name     = "Approve"
        category = "Approval"
        owner    = "AWS"
        provider = "Manual"
        version  = "1"

        configuration = var.alerts_topic_arn == null ? {
          CustomData = "Deploy this commit to ${var.environment_name}?"
          } : {
          CustomData      = "Deploy this commit to ${var.environment_name}?"
          NotificationArn = var.alerts_topic_arn
        }
      }
    }
  }

  stage {
    name = "BuildAndDeploy"

    action {
      name            = "BuildAndDeploy"
      category        = "Build"
      owner           = "AWS"
      provider        = "CodeBuild"
      version         = "1"
      input_artifacts = ["source"]

      configuration = {
        ProjectName = aws_codebuild_project.this.name
      }
    }
  }

  tags = var.tags
}
