variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`; the pipeline is `<name_prefix>-cicd`."
  type        = string
}

variable "environment_name" {
  description = "Environment this pipeline deploys (`dev`, `prod`): the buildspec applies `infra/envs/<environment_name>` unless `terraform_root` says otherwise."
  type        = string
}

variable "terraform_root" {
  description = "Terraform root the build applies, relative to the repository."
  type        = string
}

variable "terraform_state" {
  description = "S3 backend of that root (bucket and key; region defaults to the current one). Locking uses S3 lock files (Terraform >= 1.10)."
  type = object({
    bucket = string
    key    = string
    region = optional(string)
  })
}

variable "terraform_version" {
  description = "Terraform version the build installs."
  type        = string
  default     = "1.11.4"
}

variable "terraform_sha256" {
  description = "SHA-256 of `terraform_<version>_linux_amd64.zip` (from the release's SHA256SUMS); empty skips the check."
  type        = string
  default     = ""
}

variable "bootstrap_targets" {
  description = "`-target`s applied before images are pushed (image repositories, the package bucket), so a first run can bootstrap itself."
  type        = list(string)
  default     = []
}

variable "repository" {
  description = "Source repository, `owner/name`."
  type        = string

  validation {
    condition     = can(regex("^[^/\\s]+/[^/\\s]+$", var.repository))
    error_message = "repository must be owner/name."
  }
}

variable "branch" {
  description = "Branch that triggers the pipeline."
  type        = string
  default     = "main"
}

variable "connection_arn" {
  description = "Existing CodeStar/CodeConnections connection to the repository host (null: create one, to be confirmed in the console)."
  type        = string
  default     = null
}

variable "connection_provider" {
  description = "Provider of a new connection: `GitHub`, `GitLab`, `Bitbucket` or `GitHubEnterpriseServer`."
  type        = string
  default     = "GitHub"

  validation {
    condition     = contains(["GitHub", "GitLab", "Bitbucket", "GitHubEnterpriseServer"], var.connection_provider)
    error_message = "connection_provider must be GitHub, GitLab, Bitbucket or GitHubEnterpriseServer."
  }
}

variable "require_approval" {
  description = "Add a manual approval stage before the build deploys (recommended for prod)."
  type        = bool
  default     = false
}

variable "image_repositories" {
  description = "ECR repositories the build pushes to: `model`, `orchestrator`, `drift_monitor`."
  type = map(object({
    url = string
    arn = string
  }))

  validation {
    condition     = alltrue([for k in ["model", "orchestrator", "drift_monitor"] : contains(keys(var.image_repositories), k)])
    error_message = "image_repositories needs model, orchestrator and drift_monitor."
  }
}

variable "gateway_package" {
  description = "Where the build uploads the gateway's `function.zip`: bucket (name, ARN) and key prefix."
  type = object({
    bucket_name = string
    bucket_arn  = string
    key_prefix  = optional(string, "lambda/inference-gateway/")
  })
}

variable "gateway_codedeploy" {
  description = "CodeDeploy application and deployment group that canary the gateway alias."
  type = object({
    application_name      = string
    deployment_group_name = string
  })
}

variable "pipeline_triggers_queue" {
  description = "The `pipeline-triggers` queue (ARN and URL): the build sends a source-change event there."
  type = object({
    arn = string
    url = string
  })
}

variable "kms_key_arns" {
  description = "Other KMS keys the pipeline uses (the storage key: gateway package, encrypted alerts topic)."
  type        = list(string)
  default     = []
}

variable "alerts_topic_arn" {
  description = "SNS topic for approval requests (null: none)."
  type        = string
  default     = null
}

variable "deploy_policy_arns" {
  description = <<-EOT
    Managed policies attached to the build role so that `terraform apply` can manage the stack (IAM, ECS,
    RDS, SageMaker, ...). None by default: choose your organisation's deployer policy (for example a
    permissions-boundary-limited admin policy). The module's own inline policy never grants `*` on `*`.
  EOT
  type        = list(string)
  default     = []
}

variable "build_compute_type" {
  description = "CodeBuild compute type (Maven + Docker builds want at least MEDIUM: 4 vCPU, 7 GB)."
  type        = string
  default     = "BUILD_GENERAL1_MEDIUM"
}

variable "build_image" {
  description = "CodeBuild image (Amazon Linux 2023 standard 5.0 has Corretto 21 and Docker)."
  type        = string
  default     = "aws/codebuild/amazonlinux-x86_64-standard:5.0"
}

variable "build_timeout_minutes" {
  description = "Build timeout (it includes waiting for the gateway canary)."
  type        = number
  default     = 60
}

variable "build_environment" {
  description = "Extra build environment variables (e.g. Dockerfile paths; see buildspec.yml)."
  type        = map(string)
  default     = {}
}

variable "artifact_retention_days" {
  description = "Days pipeline artifacts are kept."
  type        = number
  default     = 30
}

variable "log_retention_in_days" {
  description = "Retention of the build log group."
  type        = number
  default     = 30
}

variable "secret_recovery_window_in_days" {
  description = "Days a deleted admin token secret can be restored (0 deletes at once)."
  type        = number
  default     = 7
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before the deleted KMS key is destroyed."
  type        = number
  default     = 30
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the artifact bucket with its objects."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
