variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`. SageMaker jobs, models and endpoints the orchestrator creates are named `<name_prefix>-...`."
  type        = string
}

variable "data_bucket_arn" {
  description = "ARN of the data bucket (datasets), read by jobs."
  type        = string
}

variable "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket, read and written by jobs."
  type        = string
}

variable "capture_bucket_arn" {
  description = "ARN of the capture bucket, written by endpoint data capture."
  type        = string
}

variable "capture_s3_uri" {
  description = "Data capture destination (`s3://<capture bucket>`); SageMaker appends `<endpoint>/<variant>/yyyy/mm/dd/hh/`."
  type        = string

  validation {
    condition     = startswith(var.capture_s3_uri, "s3://")
    error_message = "capture_s3_uri must be an s3:// URI."
  }
}

variable "kms_key_arn" {
  description = "KMS key of the buckets (the role may use it); also encrypts the image repository when set."
  type        = string
  default     = null
}

variable "image_tag" {
  description = "Tag of the model image the orchestrator uses for new jobs and models (CI sets it to the commit)."
  type        = string
  default     = "latest"
}

variable "image_tag_mutability" {
  description = "`MUTABLE` or `IMMUTABLE` tags in the model image repository."
  type        = string
  default     = "MUTABLE"

  validation {
    condition     = contains(["MUTABLE", "IMMUTABLE"], var.image_tag_mutability)
    error_message = "image_tag_mutability must be MUTABLE or IMMUTABLE."
  }
}

variable "images_to_keep" {
  description = "How many model images the repository keeps (older ones expire)."
  type        = number
  default     = 50
}

variable "force_delete_repository" {
  description = "Let `terraform destroy` delete the repository with its images (dev clean-up)."
  type        = bool
  default     = false
}

variable "training_instance_type" {
  description = "Instance type of training jobs."
  type        = string
  default     = "ml.m5.large"
}

variable "processing_instance_type" {
  description = "Instance type of processing jobs (preprocess, evaluate)."
  type        = string
  default     = "ml.m5.large"
}

variable "endpoint_stages" {
  description = <<-EOT
    Endpoint settings per pipeline stage (`dev`, `prod`): instance type and count, data capture sampling,
    and target-tracking autoscaling on SageMakerVariantInvocationsPerInstance.
  EOT
  type = map(object({
    instance_type                    = string
    initial_instance_count           = number
    data_capture_sampling_percentage = number
    autoscaling = object({
      enabled                         = optional(bool, true)
      min_capacity                    = optional(number, 2)
      max_capacity                    = optional(number, 10)
      target_invocations_per_instance = optional(number, 750)
      scale_in_cooldown               = optional(number, 60)
      scale_out_cooldown              = optional(number, 60)
    })
  }))
  default = {
    dev = {
      instance_type                    = "ml.m5.large"
      initial_instance_count           = 1
      data_capture_sampling_percentage = 0
      autoscaling                      = { enabled = false }
    }
    prod = {
      instance_type                    = "ml.m5.large"
      initial_instance_count           = 2
      data_capture_sampling_percentage = 100
      autoscaling = {
        min_capacity                    = 2
        max_capacity                    = 10
        target_invocations_per_instance = 750
        scale_in_cooldown               = 60
        scale_out_cooldown              = 60
      }
    }
  }

  validation {
    condition     = alltrue([for s in ["dev", "prod"] : contains(keys(var.endpoint_stages), s)])
    error_message = "endpoint_stages needs the dev and prod stages."
  }

  validation {
    condition     = alltrue([for s in values(var.endpoint_stages) : s.data_capture_sampling_percentage >= 0 && s.data_capture_sampling_percentage <= 100])
    error_message = "data_capture_sampling_percentage must be between 0 and 100."
  }

  validation {
    condition     = alltrue([for s in values(var.endpoint_stages) : s.initial_instance_count >= 1 && startswith(s.instance_type, "ml.")])
    error_message = "Each stage needs at least one instance of an ml.* type."
  }

  validation {
    condition = alltrue([
      for s in values(var.endpoint_stages) : !s.autoscaling.enabled || (
        s.autoscaling.min_capacity >= 1 &&
        s.autoscaling.max_capacity >= s.autoscaling.min_capacity &&
        s.autoscaling.target_invocations_per_instance > 0 &&
        s.autoscaling.scale_in_cooldown >= 0 && s.autoscaling.scale_out_cooldown >= 0
      )
    ])
    error_message = "Autoscaling needs 1 <= min_capacity <= max_capacity, a positive target and non-negative cool-downs."
  }

  validation {
    condition = alltrue([
      for s in values(var.endpoint_stages) : !s.autoscaling.enabled || (
        s.initial_instance_count >= s.autoscaling.min_capacity && s.initial_instance_count <= s.autoscaling.max_capacity
      )
    ])
    error_message = "initial_instance_count must lie within the stage's autoscaling bounds."
  }
}

variable "managed_endpoint_variants" {
  description = "Endpoint variants with stable names whose autoscaling Terraform manages, by key: endpoint, variant and the stage whose settings apply."
  type = map(object({
    endpoint_name = string
    variant_name  = optional(string, "AllTraffic")
    stage         = optional(string, "prod")
  }))
  default = {}
}

variable "ssm_parameter_path" {
  description = "SSM path of the settings (null: `/<name_prefix>/sagemaker`)."
  type        = string
  default     = null

  validation {
    condition     = var.ssm_parameter_path == null || can(regex("^/[A-Za-z0-9_./-]+[^/]$", var.ssm_parameter_path))
    error_message = "ssm_parameter_path must start with / and not end with /."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
