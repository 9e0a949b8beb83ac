variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`. Buckets are named `<name_prefix>-<data|artifacts|capture>-<bucket_suffix>`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "bucket_suffix" {
  description = "Suffix that makes the bucket names globally unique (null: `<account id>-<region>`)."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the buckets (null: the module creates one with rotation on)."
  type        = string
  default     = null
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before a deleted KMS key created by this module is destroyed."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete buckets that still hold objects (dev clean-up). Keep false in prod."
  type        = bool
  default     = false
}

variable "datasets_prefix" {
  description = "Prefix in the data bucket under which new objects trigger a pipeline run (`datasets/<name>/...`)."
  type        = string
  default     = "datasets/"

  validation {
    condition     = length(var.datasets_prefix) > 0 && endswith(var.datasets_prefix, "/")
    error_message = "datasets_prefix must be a non-empty folder prefix ending in '/'."
  }
}

variable "capture_prefix" {
  description = "Prefix in the capture bucket under which SageMaker writes `<endpoint>/<variant>/yyyy/mm/dd/hh/` (empty: the bucket root)."
  type        = string
  default     = ""
}

variable "datasets_notification_queue" {
  description = "Queue (`pipeline-triggers`) that receives `s3:ObjectCreated:*` events for the datasets prefix (null: none)."
  type = object({
    arn = string
    url = string
  })
  default = null
}

variable "capture_notification_queue" {
  description = "Queue (`capture-events`) that receives `s3:ObjectCreated:*` events for new capture files (null: none)."
  type = object({
    arn = string
    url = string
  })
  default = null
}

variable "capture_retention_days" {
  description = "Days after which captured request data expires (null: kept)."
  type        = number
  default     = 90

  validation {
    condition     = var.capture_retention_days == null || try(var.capture_retention_days >= 1, false)
    error_message = "capture_retention_days must be at least 1, or null."
  }
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten or deleted object version is kept (versioning is always on)."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_retention_days >= 1
    error_message = "noncurrent_version_retention_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
