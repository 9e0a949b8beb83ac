variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`. Queues are `<name_prefix>-pipeline-triggers` etc.; SageMaker resources the orchestrator creates are `<name_prefix>-...`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-24 lowercase letters, digits or hyphens (longer names overflow AWS name limits)."
  }
}

variable "environment_name" {
  description = "Name of the environment (`dev`, `prod`)."
  type        = string
}

variable "root_module_address" {
  description = "Address of this module in the root (e.g. `module.mlops`), for the `-target`s of a first CI run."
  type        = string
  default     = "module.mlops"
}

variable "tags" {
  description = "Tags for every resource (the roots also set provider default tags)."
  type        = map(string)
  default     = {}
}

variable "alert_emails" {
  description = "E-mail addresses subscribed to the alerts topic."
  type        = list(string)
  default     = []
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete non-empty buckets and repositories (dev). Keep false in prod."
  type        = bool
  default     = false
}

variable "log_retention_in_days" {
  description = "Retention of the service, function and API log groups."
  type        = number
  default     = 30
}

variable "network" {
  description = "VPC layout: CIDR, AZs, private and public subnets, NAT gateways, flow log."
  type = object({
    cidr               = optional(string, "10.40.0.0/16")
    azs                = list(string)
    private_subnets    = optional(list(string), ["10.40.0.0/20", "10.40.16.0/20"])
    public_subnets     = optional(list(string), ["10.40.128.0/24", "10.40.129.0/24"])
    single_nat_gateway = optional(bool, true)
    enable_flow_log    = optional(bool, false)
  })
}

variable "database" {
  description = "Aurora PostgreSQL Serverless v2: capacity (min 0 scales to zero), instances, protection."
  type = object({
    min_capacity             = optional(number, 0)
    max_capacity             = optional(number, 4)
    seconds_until_auto_pause = optional(number, 600)
    instance_count           = optional(number, 1)
    deletion_protection      = optional(bool, false)
    skip_final_snapshot      = optional(bool, false)
    apply_immediately        = optional(bool, false)
  })
  default = {}
}

variable "capture_retention_days" {
  description = "Days captured request data is kept."
  type        = number
  default     = 90
}

variable "sagemaker" {
  description = "Training and processing instance types, endpoint settings per pipeline stage, and Terraform-managed autoscaling for stable endpoint names (see the sagemaker module)."
  type = object({
    training_instance_type   = optional(string, "ml.m5.large")
    processing_instance_type = optional(string, "ml.m5.large")
    endpoint_stages = optional(map(object({
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
      })), {
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
        autoscaling                      = { min_capacity = 2, max_capacity = 10, target_invocations_per_instance = 750 }
      }
    })
    managed_endpoint_variants = optional(map(object({
      endpoint_name = string
      variant_name  = optional(string, "AllTraffic")
      stage         = optional(string, "prod")
    })), {})
  })
  default = {}
}

variable "image_tag" {
  description = "Tag of the model, orchestrator and drift monitor images (CI: the commit)."
  type        = string
  default     = "latest"
}

variable "gateway_package_s3_key" {
  description = "Key of the gateway's `function.zip` in the artifacts bucket (CI: `lambda/inference-gateway/<commit>.zip`)."
  type        = string
  default     = "lambda/inference-gateway/latest.zip"
}

variable "gateway_package_key_prefix" {
  description = "Prefix under which CI uploads gateway packages."
  type        = string
  default     = "lambda/inference-gateway/"
}

variable "gateway" {
  description = "Inference gateway Lambda: runtime (`jvm` with SnapStart or `native`), architecture, memory, concurrency, API throttling, and whether API 5xx also rolls a release back."
  type = object({
    runtime                        = optional(string, "jvm")
    architecture                   = optional(string, "x86_64")
    memory_size                    = optional(number, 1024)
    reserved_concurrent_executions = optional(number, -1)
    throttling_burst_limit         = optional(number, 200)
    throttling_rate_limit          = optional(number, 100)
    rollback_on_api_5xx            = optional(bool, true)
  })
  default = {}
}

variable "services" {
  description = "Size and count of the orchestrator and drift monitor tasks."
  type = object({
    orchestrator = optional(object({
      cpu               = optional(number, 512)
      memory            = optional(number, 1024)
      desired_count     = optional(number, 1)
      capacity_provider = optional(string, "FARGATE")
    }), {})
    drift_monitor = optional(object({
      cpu               = optional(number, 512)
      memory            = optional(number, 1024)
      desired_count     = optional(number, 1)
      capacity_provider = optional(string, "FARGATE")
    }), {})
  })
  default = {}
}

variable "container_insights" {
  description = "CloudWatch Container Insights on the ECS cluster."
  type        = bool
  default     = false
}

variable "admin_api_auth" {
  description = "Authentication of the orchestrator's admin API at API Gateway: `{ type = \"IAM\" }` or `{ type = \"JWT\", jwt_issuer, jwt_audience }`."
  type = object({
    type         = optional(string, "IAM")
    jwt_issuer   = optional(string)
    jwt_audience = optional(list(string), [])
    jwt_scopes   = optional(list(string), [])
  })
  default = {}
}

variable "schedule_cron" {
  description = "Scheduled retraining (Quarkus cron with seconds): monthly on the 1st at 12:00 like the AWS sample."
  type        = string
  default     = "0 0 12 1 * ?"
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the system's own metrics (pipeline runs and drift events from the logs, drift gauges)."
  type        = string
  default     = "MLOps"
}

variable "gateway_metrics_namespace" {
  description = "CloudWatch namespace of the gateway's EMF metrics (Requests, Errors, LatencyP50/P99 per Variant)."
  type        = string
  default     = "mlops/inference-gateway"
}

variable "drift_features" {
  description = "Features with drift alarms (`feature_baseline_drift_<feature>`)."
  type        = list(string)
  default     = ["city", "year", "month", "sales", "volume", "listings", "inventory"]
}

variable "drift_threshold" {
  description = "Drift distance above which a feature alarm fires."
  type        = number
  default     = 0.2
}

variable "enable_cicd" {
  description = "Create the CodePipeline/CodeBuild pipeline, its KMS key and the admin token secret."
  type        = bool
  default     = true
}

variable "cicd" {
  description = "The delivery pipeline: repository (`owner/name`), branch, connection, the Terraform root and state it applies, approval, deployer policies."
  type = object({
    repository     = optional(string, "example/mlops")
    branch         = optional(string, "main")
    connection_arn = optional(string)
    terraform_root = string
    terraform_state = object({
      bucket = string
      key    = string
      region = optional(string)
    })
    require_approval   = optional(bool, false)
    deploy_policy_arns = optional(list(string), [])
  })
}
