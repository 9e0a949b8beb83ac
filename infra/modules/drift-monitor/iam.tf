# What the drift monitor may do: read capture notifications and objects, read baselines, write reports,
# publish metrics and alerts, and ask for retraining.

locals {
  task_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid    = "ConsumeCaptureEvents"
          Effect = "Allow"
          Action = [
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
            "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
          ]
          Resource = [var.capture_events_queue.arn]
        },
        {
          Sid      = "RequestRetraining"
          Effect   = "Allow"
          Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
          Resource = [var.pipeline_triggers_queue.arn]
        },
        {
          Sid      = "ListBuckets"
          Effect   = "Allow"
          Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
          Resource = [var.capture_bucket_arn, var.artifacts_bucket_arn]
        },
        {
          # Captured records, and the baselines (statistics.json, constraints.json) next to the models.
          Sid      = "ReadCaptureAndBaselines"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:GetObjectVersion"]
          Resource = ["${var.capture_bucket_arn}/*", "${var.artifacts_bucket_arn}/*"]
        },
        {
          Sid      = "WriteMonitoringReports"
          Effect   = "Allow"
          Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
          Resource = ["${var.artifacts_bucket_arn}/${var.monitoring_prefix}*"]
        },
        {
          Sid      = "NotifyAlerts"
          Effect   = "Allow"
          Action   = ["sns:Publish"]
          Resource = [var.alerts_topic_arn]
        },
        {
          # PutMetricData has no resource-level permissions; the namespace condition scopes it.
          Sid       = "PublishDriftMetrics"
          Effect    = "Allow"
          Action    = ["cloudwatch:PutMetricData"]
          Resource  = "*"
          Condition = { StringEquals = { "cloudwatch:namespace" = var.metrics_namespace } }
        },
      ],
      length(var.kms_key_arns) == 0 ? [] : [{
        Sid      = "UseDataKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = var.kms_key_arns
      }],
    )
  })
}
