variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`; also the dashboard name and the endpoint name prefix searched for."
  type        = string
}

variable "alerts_topic_arn" {
  description = "SNS topic every alarm notifies."
  type        = string
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the system's own metrics (pipeline runs, drift events, `feature_baseline_drift_<feature>`)."
  type        = string
  default     = "MLOps"
}

variable "gateway_metrics_namespace" {
  description = "CloudWatch namespace of the gateway's EMF metrics (GatewayConfig `mlops.gateway.metrics.emf-namespace`)."
  type        = string
  default     = "mlops/inference-gateway"
}

variable "gateway_metric_names" {
  description = "Names of the gateway's per-variant EMF metrics (dimension `Variant`)."
  type = object({
    requests = optional(string, "Requests")
    errors   = optional(string, "Errors")
    latency  = optional(string, "LatencyP99")
  })
  default = {}
}

variable "service_log_groups" {
  description = "Log groups of the orchestrator and the drift monitor, for metric filters on pipeline runs and drift events (null: none)."
  type = object({
    orchestrator  = string
    drift_monitor = string
  })
  default = null
}

variable "log_patterns" {
  description = "CloudWatch Logs filter patterns of the log lines that count as a run started, succeeded, failed, and a drift event."
  type = object({
    runs_started   = optional(string, "\"started for dataset\"")
    runs_succeeded = optional(string, "\"switch-traffic done\"")
    runs_failed    = optional(string, "\"run\" \"failed:\"")
    drift_events   = optional(string, "\"drift event sent\"")
  })
  default = {}
}

variable "log_metric_names" {
  description = "Names of the metrics the log filters produce (namespace `metrics_namespace`)."
  type = object({
    runs_started   = optional(string, "pipeline_runs_started")
    runs_succeeded = optional(string, "pipeline_runs_succeeded")
    runs_failed    = optional(string, "pipeline_runs_failed")
    drift_events   = optional(string, "drift_events")
  })
  default = {}
}

variable "drift_features" {
  description = "Features with a drift alarm on `feature_baseline_drift_<feature>` (txhousing's by default; the metrics exist once the drift monitor publishes its gauges to CloudWatch). Empty: the dashboard searches for all."
  type        = list(string)
  default     = ["city", "year", "month", "sales", "volume", "listings", "inventory"]
}

variable "drift_threshold" {
  description = "Baseline distance above which a feature's drift alarm fires (the AWS sample's 0.20)."
  type        = number
  default     = 0.2

  validation {
    condition     = var.drift_threshold > 0 && var.drift_threshold <= 1
    error_message = "drift_threshold must be in (0, 1]."
  }
}

variable "queue_names" {
  description = "Queues to show, by logical name."
  type        = map(string)
  default     = {}
}

variable "dlq_names" {
  description = "Dead-letter queues, by logical name of their source queue: each gets an alarm on any message."
  type        = map(string)
  default     = {}
}

variable "gateway" {
  description = "The inference gateway: Lambda function, alias and HTTP API id (null: no gateway widgets or 5xx alarm)."
  type = object({
    function_name = string
    alias_name    = optional(string, "live")
    api_id        = string
  })
  default = null
}

variable "api_5xx_rate_threshold" {
  description = "Percentage of 5xx answers of the prediction API that raises an alarm (3 minutes in a row)."
  type        = number
  default     = 1
}

variable "ecs" {
  description = "ECS cluster and services to show (null: none)."
  type = object({
    cluster_name  = string
    service_names = list(string)
  })
  default = null
}

variable "database" {
  description = "Aurora cluster to show (null: none)."
  type = object({
    cluster_id = string
  })
  default = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
