################################################################################
# Execution role of SageMaker training and processing jobs, models and endpoints
################################################################################

resource "aws_iam_role" "this" {
  name        = "${var.name_prefix}-sagemaker-execution"
  description = "${var.name_prefix}: SageMaker jobs, models and endpoints (data capture)"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "sagemaker-execution"
  role   = aws_iam_role.this.id
  policy = local.execution_policy
}

locals {
  execution_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ListProjectBuckets"
          Effect   = "Allow"
          Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
          Resource = [var.data_bucket_arn, var.artifacts_bucket_arn, var.capture_bucket_arn]
        },
        {
          Sid      = "ReadDatasetsAndArtifacts"
          Effect   = "Allow"
          Action   = ["s3:GetObject"]
          Resource = ["${var.data_bucket_arn}/*", "${var.artifacts_bucket_arn}/*"]
        },
        {
          # Preprocess writes splits and baselines, train writes model.tar.gz, evaluate writes evaluation.json.
          Sid      = "WriteArtifacts"
          Effect   = "Allow"
          Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
          Resource = ["${var.artifacts_bucket_arn}/*"]
        },
        {
          Sid      = "WriteDataCapture"
          Effect   = "Allow"
          Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
          Resource = ["${var.capture_bucket_arn}/*"]
        },
        {
          # GetAuthorizationToken has no resource-level permissions.
          Sid      = "EcrLogin"
          Effect   = "Allow"
          Action   = ["ecr:GetAuthorizationToken"]
          Resource = "*"
        },
        {
          Sid      = "PullModelImage"
          Effect   = "Allow"
          Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
          Resource = [aws_ecr_repository.this.arn]
        },
        {
          Sid    = "WriteJobAndEndpointLogs"
          Effect = "Allow"
          Action = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
          Resource = [
            "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/sagemaker/*",
            "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/sagemaker/*:log-stream:*",
          ]
        },
        {
          # PutMetricData has no resource-level permissions; the namespace condition scopes it.
          Sid       = "PublishSageMakerMetrics"
          Effect    = "Allow"
          Action    = ["cloudwatch:PutMetricData"]
          Resource  = "*"
          Condition = { StringLike = { "cloudwatch:namespace" = ["/aws/sagemaker/*", "aws/sagemaker/*"] } }
        },
      ],
      var.kms_key_arn == null ? [] : [{
        Sid      = "UseStorageKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = [var.kms_key_arn]
      }],
    )
  })

  iam_policies = {
    "sagemaker-execution" = local.execution_policy
  }
}
