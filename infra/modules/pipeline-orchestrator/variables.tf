variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`. The orchestrator names SageMaker resources `<name_prefix>-...` and may only touch those."
  type        = string
}

# --- where it runs ---

variable "cluster_arn" {
  description = "ECS cluster."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks and the VPC link."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the tasks and the VPC link."
  type        = list(string)
}

variable "service_discovery_namespace_id" {
  description = "Private DNS namespace; the admin API's VPC link finds the tasks through it."
  type        = string
}

variable "image" {
  description = "Orchestrator image URI (null: the module creates the `<name_prefix>-orchestrator` ECR repository and runs `<repository>:<image_tag>`)."
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
  description = "Task CPU units."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Task memory in MiB."
  type        = number
  default     = 1024
}

variable "desired_count" {
  description = "Number of tasks. Runs are locked in PostgreSQL, so two or more are safe."
  type        = number
  default     = 1
}

variable "capacity_provider" {
  description = "`FARGATE` or `FARGATE_SPOT`."
  type        = string
  default     = "FARGATE"
}

variable "log_retention_in_days" {
  description = "Retention of the service and access log groups."
  type        = number
  default     = 30
}

# --- state ---

variable "jdbc_url" {
  description = "`QUARKUS_DATASOURCE_JDBC_URL` (the state module's `jdbc_url`)."
  type        = string
}

variable "db_schema" {
  description = "PostgreSQL schema of the orchestrator in the shared database."
  type        = string
  default     = "orchestrator"
}

variable "db_secret_arn" {
  description = "Secrets Manager secret with JSON keys `username` and `password` (the state module's `master_user_secret_arn`)."
  type        = string
}

variable "db_client_security_group_id" {
  description = "Security group that may connect to the database."
  type        = string
  default     = null
}

variable "admin_token_secret_arn" {
  description = "Secret holding the admin API bearer token, injected as `MLOPS_ADMIN_TOKEN` (null: none)."
  type        = string
  default     = null
}

variable "secret_kms_key_arns" {
  description = "Customer KMS keys of the injected secrets."
  type        = list(string)
  default     = []
}

# --- what it talks to ---

variable "data_bucket_name" {
  description = "Data bucket (datasets under `datasets/<name>/`)."
  type        = string
}

variable "data_bucket_arn" {
  description = "ARN of the data bucket."
  type        = string
}

variable "datasets_prefix" {
  description = "Prefix of datasets in the data bucket."
  type        = string
  default     = "datasets/"
}

variable "artifacts_bucket_name" {
  description = "Artifacts bucket (model artifacts, reports, routing policy)."
  type        = string
}

variable "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket."
  type        = string
}

variable "capture_bucket_name" {
  description = "Capture bucket."
  type        = string
}

variable "capture_bucket_arn" {
  description = "ARN of the capture bucket."
  type        = string
}

variable "kms_key_arns" {
  description = "KMS keys of the buckets and the alerts topic."
  type        = list(string)
  default     = []
}

variable "pipeline_triggers_queue" {
  description = "The `pipeline-triggers` queue: ARN, URL and name (the service resolves it by name)."
  type = object({
    arn  = string
    url  = string
    name = string
  })
}

variable "gateway_metrics_queue" {
  description = "The `gateway-metrics` queue: ARN, URL and name."
  type = object({
    arn  = string
    url  = string
    name = string
  })
}

variable "alerts_topic_arn" {
  description = "SNS alerts topic (run failed, approval needed, deployed, rolled back)."
  type        = string
}

variable "sagemaker_execution_role_arn" {
  description = "Role passed to SageMaker jobs, models and endpoints."
  type        = string
}

variable "model_image_uri" {
  description = "Model image for new jobs and models."
  type        = string
}

variable "sagemaker_settings_path" {
  description = "SSM path of the endpoint and job settings."
  type        = string
}

variable "sagemaker_settings" {
  description = "The sagemaker module's `settings` (instance types and counts, capture sampling), mapped to MLOPS_TRAINING_*, MLOPS_PROCESSING_* and MLOPS_DEPLOY_*."
  type        = map(string)
  default     = {}
}

variable "sagemaker_settings_path_arn" {
  description = "ARN pattern of the settings parameters (`arn:...:parameter/<path>/*`)."
  type        = string
}

variable "schedule_cron" {
  description = "Cron of the scheduled retraining run (Quarkus scheduler syntax, with seconds; the AWS sample's monthly `cron(0 12 1 * ? *)`)."
  type        = string
  default     = "0 0 12 1 * ?"
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the system's own metrics (pipeline runs, canary analysis)."
  type        = string
  default     = "MLOps"
}

variable "environment" {
  description = "Extra environment variables; they override the module's."
  type        = map(string)
  default     = {}
}

# --- admin API ---

variable "admin_api_auth" {
  description = <<-EOT
    How API Gateway authenticates admin callers before the request reaches the orchestrator's own bearer
    token check: `IAM` (SigV4-signed requests from principals with execute-api:Invoke) or `JWT` (an OIDC
    issuer such as Cognito, Okta or Entra ID; `jwt_issuer` and `jwt_audience` required).
  EOT
  type = object({
    type         = optional(string, "IAM")
    jwt_issuer   = optional(string)
    jwt_audience = optional(list(string), [])
    jwt_scopes   = optional(list(string), [])
  })
  default = {}

  validation {
    condition     = contains(["IAM", "JWT"], var.admin_api_auth.type)
    error_message = "admin_api_auth.type must be IAM or JWT."
  }

  validation {
    condition     = var.admin_api_auth.type != "JWT" || (try(startswith(var.admin_api_auth.jwt_issuer, "https://"), false) && length(var.admin_api_auth.jwt_audience) > 0)
    error_message = "JWT auth needs an https:// jwt_issuer and at least one jwt_audience."
  }
}

variable "admin_api_throttling" {
  description = "Throttling of the admin API stage."
  type = object({
    burst_limit = optional(number, 20)
    rate_limit  = optional(number, 10)
  })
  default = {}
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
