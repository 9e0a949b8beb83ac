variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`; also the cluster name."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the service discovery namespace."
  type        = string
}

variable "namespace_name" {
  description = "Private DNS namespace of the services (null: `<name_prefix>.internal`)."
  type        = string
  default     = null
}

variable "container_insights" {
  description = "Turn on CloudWatch Container Insights (per-task metrics; billed as custom metrics)."
  type        = bool
  default     = false
}

variable "default_capacity_provider" {
  description = "`FARGATE`, or `FARGATE_SPOT` (about 70 % cheaper, tasks can be interrupted) for services that set no strategy."
  type        = string
  default     = "FARGATE"

  validation {
    condition     = contains(["FARGATE", "FARGATE_SPOT"], var.default_capacity_provider)
    error_message = "default_capacity_provider must be FARGATE or FARGATE_SPOT."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
