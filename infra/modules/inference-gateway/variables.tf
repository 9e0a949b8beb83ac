variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`. The function is `<name_prefix>-gateway`; it may invoke endpoints named `<name_prefix>-*`."
  type        = string
}

variable "runtime" {
  description = "`jvm`: Java 21 with SnapStart (`function.zip` of quarkus-amazon-lambda-http). `native`: `provided.al2023` with a GraalVM/Mandrel executable `bootstrap`."
  type        = string
  default     = "jvm"

  validation {
    condition     = contains(["jvm", "native"], var.runtime)
    error_message = "runtime must be jvm or native."
  }
}

variable "architecture" {
  description = "`x86_64` or `arm64` (arm64 is about 20 % cheaper; a native build must match it)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "package_s3_bucket" {
  description = "Bucket of the deployment package (CI uploads `function.zip` to the artifacts bucket)."
  type        = string
}

variable "package_s3_key" {
  description = "Key of the deployment package, e.g. `lambda/inference-gateway/<commit>.zip`. A new key publishes a new version."
  type        = string
}

variable "package_s3_object_version" {
  description = "Object version of the package (the artifacts bucket is versioned), or null."
  type        = string
  default     = null
}

variable "memory_size" {
  description = "Memory in MB (CPU grows with it; 1024 starts a JVM quickly enough with SnapStart)."
  type        = number
  default     = 1024
}

variable "timeout" {
  description = "Function timeout in seconds."
  type        = number
  default     = 30
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency (-1: unreserved). Caps the load the gateway can put on the endpoints."
  type        = number
  default     = -1
}

variable "tracing_mode" {
  description = "X-Ray tracing: `PassThrough` or `Active`."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "alias_name" {
  description = "Alias that API Gateway invokes and CodeDeploy shifts."
  type        = string
  default     = "live"
}

variable "environment" {
  description = "Extra environment variables; they override the module's."
  type        = map(string)
  default     = {}
}

variable "routing_policy_bucket_name" {
  description = "Bucket of the routing policy (the artifacts bucket)."
  type        = string
}

variable "routing_policy_bucket_arn" {
  description = "ARN of the routing policy bucket."
  type        = string
}

variable "routing_policy_key" {
  description = "Key of the routing policy object; the function may read this object and nothing else in the bucket."
  type        = string
  default     = "routing/policy.json"
}

variable "readable_object_keys" {
  description = "Other keys (patterns) the function may read in that bucket: endpoint manifests and model schemas."
  type        = list(string)
  default     = ["endpoints/*.json", "models/*/schema.json"]
}

variable "kms_key_arns" {
  description = "KMS keys that encrypt the routing policy object."
  type        = list(string)
  default     = []
}

variable "gateway_metrics_queue" {
  description = "The `gateway-metrics` queue (ARN, URL, name) for per-variant window aggregates; the function resolves it by name."
  type = object({
    arn  = string
    url  = string
    name = string
  })
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the gateway's EMF metrics (Requests, Errors, LatencyP50/P99 per Variant)."
  type        = string
  default     = "mlops/inference-gateway"
}

variable "throttling_burst_limit" {
  description = "API Gateway burst limit (requests)."
  type        = number
  default     = 200
}

variable "throttling_rate_limit" {
  description = "API Gateway steady-state limit (requests per second)."
  type        = number
  default     = 100
}

variable "api_timeout_milliseconds" {
  description = "Integration timeout of the API (at most 30000)."
  type        = number
  default     = 29000
}

variable "cors_allow_origins" {
  description = "Origins allowed by CORS (empty: no CORS)."
  type        = list(string)
  default     = []
}

variable "deployment_config_name" {
  description = "CodeDeploy configuration of gateway releases; the default shifts 10 % for 5 minutes, then 100 %."
  type        = string
  default     = "CodeDeployDefault.LambdaCanary10Percent5Minutes"

  validation {
    condition     = can(regex("^CodeDeployDefault\\.Lambda(Canary|Linear)", var.deployment_config_name)) || !startswith(var.deployment_config_name, "CodeDeployDefault.")
    error_message = "Use a canary or linear Lambda configuration (or a custom one); AllAtOnce would skip the canary."
  }
}

variable "rollback_alarm" {
  description = "Alarms on the alias that roll a deployment back: errors or throttles above the thresholds for `evaluation_periods` x `period` seconds."
  type = object({
    errors_threshold    = optional(number, 0)
    throttles_threshold = optional(number, 0)
    period              = optional(number, 60)
    evaluation_periods  = optional(number, 2)
  })
  default = {}
}

variable "additional_rollback_alarm_names" {
  description = "More CloudWatch alarms whose firing rolls a gateway deployment back (e.g. API 5xx)."
  type        = list(string)
  default     = []
}

variable "alerts_topic_arn" {
  description = "SNS topic for alarm notifications and deployment outcomes (null: none)."
  type        = string
  default     = null
}

variable "log_retention_in_days" {
  description = "Retention of the function and access log groups."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
