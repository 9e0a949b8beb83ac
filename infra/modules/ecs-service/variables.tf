variable "name" {
  description = "Name of the service, its task family, roles, log group and (when created) image repository, e.g. `mlops-dev-orchestrator`."
  type        = string
}

variable "discovery_name" {
  description = "Name of the service in the private DNS namespace (e.g. `orchestrator`)."
  type        = string
  default     = "service"
}

variable "cluster_arn" {
  description = "ECS cluster to run in."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the tasks (no public IPs are assigned)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Extra security groups of the tasks, e.g. the database client group."
  type        = list(string)
  default     = []
}

variable "ingress_security_groups" {
  description = "Security groups allowed to reach the container port, by a static name (e.g. `admin-api` => the VPC link's group)."
  type        = map(string)
  default     = {}
}

variable "enable_service_discovery" {
  description = "Register the tasks in `service_discovery_namespace_id` with SRV records (name `discovery_name`)."
  type        = bool
  default     = false
}

variable "service_discovery_namespace_id" {
  description = "Private DNS namespace of the tasks when `enable_service_discovery` is true."
  type        = string
  default     = null
}

variable "image" {
  description = "Full image URI (null: the module creates an ECR repository named after the service and uses `<repository>:<image_tag>`)."
  type        = string
  default     = null
}

variable "image_repository_arns" {
  description = "ECR repositories the execution role may pull from when `image` is given."
  type        = list(string)
  default     = []
}

variable "image_tag" {
  description = "Image tag when the module owns the repository (CI sets it to the commit)."
  type        = string
  default     = "latest"
}

variable "force_delete_repository" {
  description = "Let `terraform destroy` delete the repository with its images."
  type        = bool
  default     = false
}

variable "container_port" {
  description = "Port the application listens on (`QUARKUS_HTTP_PORT`)."
  type        = number
}

variable "cpu" {
  description = "Task CPU units (256, 512, 1024, ...)."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Task memory in MiB."
  type        = number
  default     = 1024
}

variable "cpu_architecture" {
  description = "`X86_64` or `ARM64` (Graviton: about 20 % cheaper; needs an arm64 image)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "desired_count" {
  description = "Number of tasks (0 stops the service, e.g. overnight in dev)."
  type        = number
  default     = 1
}

variable "capacity_provider" {
  description = "`FARGATE` or `FARGATE_SPOT`."
  type        = string
  default     = "FARGATE"

  validation {
    condition     = contains(["FARGATE", "FARGATE_SPOT"], var.capacity_provider)
    error_message = "capacity_provider must be FARGATE or FARGATE_SPOT."
  }
}

variable "environment" {
  description = "Environment variables of the container (the Quarkus configuration)."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables taken from Secrets Manager at start: name => `<secret arn>` or `<secret arn>:<json key>::`."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for v in values(var.secrets) : length(split(":", v)) >= 7])
    error_message = "Each secret must be a Secrets Manager ARN, optionally followed by :<json key>::."
  }
}

variable "secret_kms_key_arns" {
  description = "Customer KMS keys of those secrets (the execution role may decrypt through Secrets Manager)."
  type        = list(string)
  default     = []
}

variable "task_policy_json" {
  description = "IAM policy of the task role: exactly what the application calls. A statement allowing `*` on `*` is refused."
  type        = string
}

variable "log_retention_in_days" {
  description = "Retention of the service's log group."
  type        = number
  default     = 30
}

variable "enable_execute_command" {
  description = "Allow `aws ecs execute-command` into the tasks (debugging)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
