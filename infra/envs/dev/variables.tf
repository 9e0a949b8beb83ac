variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "alert_emails" {
  description = "E-mail addresses that receive alerts (each confirms its subscription)."
  type        = list(string)
  default     = []
}

variable "repository" {
  description = "Source repository of the pipeline, `owner/name`."
  type        = string
  default     = "example/mlops"
}

variable "branch" {
  description = "Branch the pipeline deploys."
  type        = string
  default     = "main"
}

variable "connection_arn" {
  description = "Existing CodeStar/CodeConnections connection (null: create one and confirm it in the console)."
  type        = string
  default     = null
}

variable "terraform_state_bucket" {
  description = "S3 bucket of this root's state (also what CI initialises with)."
  type        = string
  default     = "mlops-terraform-state"
}

variable "deploy_policy_arns" {
  description = "Managed policies that let the CodeBuild role apply this root (none by default; see README.md)."
  type        = list(string)
  default     = []
}

variable "image_tag" {
  description = "Image tag of the model, orchestrator and drift monitor (CI: the commit)."
  type        = string
  default     = "latest"
}

variable "gateway_package_s3_key" {
  description = "Key of the gateway `function.zip` in the artifacts bucket (CI: `lambda/inference-gateway/<commit>.zip`)."
  type        = string
  default     = "lambda/inference-gateway/latest.zip"
}
