locals {
  # The queues the services need by name; `var.queues` may add more but not drop these.
  required_queues = ["pipeline-triggers", "capture-events", "gateway-metrics"]
}

################################################################################
# Dead-letter queues: one per queue, kept longer than the source queue so a
# poison message can still be inspected after the original would have expired.
################################################################################

resource "aws_sqs_queue" "dlq" {
  for_each = var.queues

  name                      = "${var.name_prefix}-${each.key}-dlq"
  message_retention_seconds = var.dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = merge(var.tags, { Queue = each.key, Role = "dead-letter" })
}

################################################################################
# Queues
################################################################################

resource "aws_sqs_queue" "this" {
  for_each = var.queues

  name                       = "${var.name_prefix}-${each.key}"
  visibility_timeout_seconds = each.value.visibility_timeout_seconds
  message_retention_seconds  = each.value.message_retention_seconds
  receive_wait_time_seconds  = each.value.receive_wait_time_seconds
  # SSE-SQS rather than a customer key: S3 event notifications can deliver to it without a key policy.
  sqs_managed_sse_enabled = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = each.value.max_receive_count
  })

  tags = merge(var.tags, { Queue = each.key })
}

# Only the queue it belongs to may use a DLQ as its dead-letter target.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each = var.queues

  queue_url = aws_sqs_queue.dlq[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[each.key].arn]
  })
}

################################################################################
# SNS alerts topic
################################################################################

resource "aws_sns_topic" "this" {
  name              = "${var.name_prefix}-${var.alerts_topic_name}"
  kms_master_key_id = var.kms_key_arn

  tags = var.tags
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_sns_topic_policy" "this" {
  arn = aws_sns_topic.this.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "AccountOwnerManages"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action = [
          "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
          "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
        ]
        Resource = aws_sns_topic.this.arn
      }],
      length(var.publisher_service_principals) == 0 ? [] : [{
        Sid       = "AwsServicesOfThisAccountPublish"
        Effect    = "Allow"
        Principal = { Service = var.publisher_service_principals }
        Action    = "SNS:Publish"
        Resource  = aws_sns_topic.this.arn
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      }],
    )
  })
}

# E-mail subscriptions stay "pending confirmation" until the recipient clicks the link AWS sends.
resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}
