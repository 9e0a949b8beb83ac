################################################################################
# Function role: read the routing policy, call the project's endpoints, send window aggregates
################################################################################

resource "aws_iam_role" "this" {
  name        = local.name
  description = "${var.name_prefix}: inference gateway Lambda"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "inference-gateway"
  role   = aws_iam_role.this.id
  policy = local.function_policy
}

################################################################################
# CodeDeploy role: shift the alias, read the rollback alarms, report the outcome
################################################################################

resource "aws_iam_role" "codedeploy" {
  name        = "${local.name}-codedeploy"
  description = "${var.name_prefix}: CodeDeploy canary releases of the gateway"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codedeploy.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "codedeploy" {
  name   = "lambda-canary"
  role   = aws_iam_role.codedeploy.id
  policy = local.codedeploy_policy
}

locals {
  function_arn = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.name}"

  function_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "WriteLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
        },
        {
          # The routing policy, the endpoint manifests and the model schemas the orchestrator writes.
          Sid      = "ReadRoutingPolicyAndSchemas"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:GetObjectVersion"]
          Resource = [for k in concat([var.routing_policy_key], var.readable_object_keys) : "${var.routing_policy_bucket_arn}/${k}"]
        },
        {
          # Stable, canary and shadow endpoints are all the project's: `<name_prefix>-...`.
          Sid      = "InvokeProjectEndpoints"
          Effect   = "Allow"
          Action   = ["sagemaker:InvokeEndpoint"]
          Resource = ["arn:${local.partition}:sagemaker:${local.region}:${local.account_id}:endpoint/${var.name_prefix}-*"]
        },
        {
          Sid      = "SendWindowAggregates"
          Effect   = "Allow"
          Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
          Resource = [var.gateway_metrics_queue.arn]
        },
      ],
      var.tracing_mode == "Active" ? [{
        # X-Ray has no resource-level permissions.
        Sid      = "Tracing"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = "*"
      }] : [],
      length(var.kms_key_arns) == 0 ? [] : [{
        # The routing policy object is SSE-KMS; the metrics queue uses SSE-SQS.
        Sid      = "DecryptRoutingPolicy"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = var.kms_key_arns
      }],
    )
  })

  codedeploy_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ShiftAlias"
          Effect   = "Allow"
          Action   = ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetFunction", "lambda:GetProvisionedConcurrencyConfig"]
          Resource = [local.function_arn, "${local.function_arn}:*"]
        },
        {
          # Pre- and after-traffic hooks, when the deployment's AppSpec names any, are the project's functions.
          Sid      = "InvokeHooks"
          Effect   = "Allow"
          Action   = ["lambda:InvokeFunction"]
          Resource = ["arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.name_prefix}-*"]
        },
        {
          # DescribeAlarms has no resource-level permissions.
          Sid      = "ReadRollbackAlarms"
          Effect   = "Allow"
          Action   = ["cloudwatch:DescribeAlarms"]
          Resource = "*"
        },
      ],
      var.alerts_topic_arn == null ? [] : [{
        Sid      = "ReportOutcome"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [var.alerts_topic_arn]
      }],
      var.alerts_topic_arn == null || length(var.kms_key_arns) == 0 ? [] : [{
        Sid      = "PublishToEncryptedTopic"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = var.kms_key_arns
      }],
    )
  })

  iam_policies = {
    "${local.name}"            = local.function_policy
    "${local.name}-codedeploy" = local.codedeploy_policy
  }
}
