output "queue_arns" {
  description = "Queue ARNs by logical name (`pipeline-triggers`, `capture-events`, `gateway-metrics`, ...)."
  value       = { for k, q in aws_sqs_queue.this : k => q.arn }
}

output "queue_urls" {
  description = "Queue URLs by logical name: what the services' `MLOPS_*_QUEUE_URL` settings take."
  value       = { for k, q in aws_sqs_queue.this : k => q.url }
}

output "queue_names" {
  description = "Queue names in AWS by logical name."
  value       = { for k, q in aws_sqs_queue.this : k => q.name }
}

output "dlq_arns" {
  description = "Dead-letter queue ARNs by logical name of their source queue."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.arn }
}

output "dlq_urls" {
  description = "Dead-letter queue URLs by logical name of their source queue."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.url }
}

output "dlq_names" {
  description = "Dead-letter queue names by logical name of their source queue (for alarms on their depth)."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.name }
}

output "redrive_policies" {
  description = "Redrive policy of each queue, decoded: `deadLetterTargetArn` and `maxReceiveCount`."
  value       = { for k, q in aws_sqs_queue.this : k => try(jsondecode(q.redrive_policy), null) }
}

output "alerts_topic_arn" {
  description = "ARN of the SNS alerts topic."
  value       = try(aws_sns_topic.this.arn, null)
}

output "alerts_topic_name" {
  description = "Name of the SNS alerts topic."
  value       = try(aws_sns_topic.this.name, null)
}
