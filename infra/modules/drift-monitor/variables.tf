variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`."
  type        = string
}

# --- where it runs ---

variable "cluster_arn" {
  description = "ECS cluster."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the tasks."
  type        = list(string)
}

variable "enable_service_discovery" {
  description = "Register the tasks as `drift-monitor` in the private DNS namespace (its read API on 8082)."
  type        = bool
  default     = true
}

variable "service_discovery_namespace_id" {
  description = "Private DNS namespace (needed when `enable_service_discovery` is true)."
  type        = string
  default     = null
}

variable "ingress_security_groups" {
  description = "Security groups allowed to call the read API on 8082, by a static name."
  type        = map(string)
  default     = {}
}

variable "image" {
  description = "Drift monitor image URI (null: the module creates the `<name_prefix>-drift-monitor` ECR repository and runs `<repository>:<image_tag>`)."
  type        = string
  default     = null
}

variable "image_tag" {
  description = "Image tag when the module owns the repository."
  type        = string
  default     = "latest"
}

variable "force_delete_repository" {
  description = "Let `terraform destroy` delete the image repository with its images."
  type        = bool
  default     = false
}

variable "cpu" {
  description = "Task CPU units (folding sketches is CPU-bound: one core folds about 200k records/s)."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Task memory in MiB."
  type        = number
  default     = 1024
}

variable "desired_count" {
  description = "Number of tasks. Window state and idempotency keys live in PostgreSQL, so two or more are safe."
  type        = number
  default     = 1
}

variable "capacity_provider" {
  description = "`FARGATE` or `FARGATE_SPOT`."
  type        = string
  default     = "FARGATE"
}

variable "log_retention_in_days" {
  description = "Retention of the service's log group."
  type        = number
  default     = 30
}

# --- state ---

variable "jdbc_url" {
  description = "`QUARKUS_DATASOURCE_JDBC_URL` (the state module's `jdbc_url`)."
  type        = string
}

variable "db_schema" {
  description = "PostgreSQL schema of the drift monitor in the shared database."
  type        = string
  default     = "drift"
}

variable "db_secret_arn" {
  description = "Secrets Manager secret with JSON keys `username` and `password`."
  type        = string
}

variable "db_client_security_group_id" {
  description = "Security group that may connect to the database."
  type        = string
  default     = null
}

variable "secret_kms_key_arns" {
  description = "Customer KMS keys of the injected secrets."
  type        = list(string)
  default     = []
}

# --- what it talks to ---

variable "capture_events_queue" {
  description = "The `capture-events` queue: ARN, URL and name (the service resolves it by name)."
  type = object({
    arn  = string
    url  = string
    name = string
  })
}

variable "pipeline_triggers_queue" {
  description = "The `pipeline-triggers` queue (ARN, URL, name), for drift events."
  type = object({
    arn  = string
    url  = string
    name = string
  })
}

variable "alerts_topic_arn" {
  description = "SNS alerts topic."
  type        = string
}

variable "capture_bucket_arn" {
  description = "ARN of the capture bucket."
  type        = string
}

variable "artifacts_bucket_name" {
  description = "Artifacts bucket (baselines; reports under `monitoring_prefix`)."
  type        = string
}

variable "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket."
  type        = string
}

variable "monitoring_prefix" {
  description = "Where reports go in the artifacts bucket: `<prefix><endpoint>/<window>/constraint_violations.json`."
  type        = string
  default     = "monitoring/"

  validation {
    condition     = endswith(var.monitoring_prefix, "/") && !startswith(var.monitoring_prefix, "/")
    error_message = "monitoring_prefix must end with '/' and not start with one."
  }
}

variable "kms_key_arns" {
  description = "KMS keys of the buckets and the alerts topic."
  type        = list(string)
  default     = []
}

variable "metrics_namespace" {
  description = "CloudWatch namespace the drift monitor may publish to (`feature_baseline_drift_<feature>`)."
  type        = string
  default     = "MLOps"
}

variable "environment" {
  description = "Extra environment variables; they override the module's."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
