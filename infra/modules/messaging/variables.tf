variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`. Queues are named `<name_prefix>-<queue>` and `<name_prefix>-<queue>-dlq`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "queues" {
  description = <<-EOT
    Queues to create, by logical name. Each gets a dead-letter queue `<name>-dlq` and a redrive policy that
    moves a message there after `max_receive_count` failed receives. `pipeline-triggers`, `capture-events`
    and `gateway-metrics` are required: the services read them.
  EOT
  type = map(object({
    visibility_timeout_seconds = optional(number, 120)
    message_retention_seconds  = optional(number, 345600)
    receive_wait_time_seconds  = optional(number, 20)
    max_receive_count          = optional(number, 5)
  }))
  default = {
    # The orchestrator debounces triggers; a long visibility timeout keeps a held message from being redelivered.
    "pipeline-triggers" = { visibility_timeout_seconds = 300 }
    # The drift monitor reads and folds a whole capture object per message.
    "capture-events" = { visibility_timeout_seconds = 180 }
    # Window aggregates are small and frequent; stale ones are useless after a day.
    "gateway-metrics" = { visibility_timeout_seconds = 60, message_retention_seconds = 86400 }
  }

  validation {
    condition     = alltrue([for q in ["pipeline-triggers", "capture-events", "gateway-metrics"] : contains(keys(var.queues), q)])
    error_message = "queues must contain pipeline-triggers, capture-events and gateway-metrics."
  }

  validation {
    # A redrive with no receive limit would mean no dead-letter queue: poison messages would loop forever.
    condition     = alltrue([for q in values(var.queues) : q.max_receive_count >= 1 && q.max_receive_count <= 1000 && floor(q.max_receive_count) == q.max_receive_count])
    error_message = "Every queue needs a dead-letter redrive: max_receive_count must be a whole number from 1 to 1000."
  }

  validation {
    condition     = alltrue([for k in keys(var.queues) : can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", k)) && !endswith(k, "-dlq")])
    error_message = "Queue names are lowercase words joined by hyphens and must not end in -dlq (that suffix is the module's)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long dead-lettered messages are kept (the SQS maximum, 14 days, by default)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600."
  }
}

variable "alerts_topic_name" {
  description = "Logical name of the SNS alerts topic; the AWS name is `<name_prefix>-<alerts_topic_name>`."
  type        = string
  default     = "alerts"
}

variable "alert_emails" {
  description = "E-mail addresses subscribed to the alerts topic (each must confirm the subscription)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "alert_emails must be e-mail addresses."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the SNS topic (null: not encrypted with a customer key). The key policy must let CloudWatch use it, as the storage module's key does."
  type        = string
  default     = null
}

variable "publisher_service_principals" {
  description = "AWS services of this account allowed to publish to the alerts topic (CloudWatch alarms, CodeStar notifications, EventBridge)."
  type        = list(string)
  default     = ["cloudwatch.amazonaws.com", "codestar-notifications.amazonaws.com", "events.amazonaws.com"]
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
