variable "name_prefix" {
  description = "Prefix of every resource name, e.g. `mlops-dev`."
  type        = string
}

variable "cidr" {
  description = "IPv4 CIDR block of the VPC."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr))
    error_message = "cidr must be an IPv4 CIDR block."
  }
}

variable "azs" {
  description = "Availability zones to spread the subnets over (at least two: Aurora needs a subnet group in two AZs)."
  type        = list(string)

  validation {
    condition     = length(var.azs) >= 2
    error_message = "At least two availability zones are needed."
  }
}

variable "private_subnets" {
  description = "CIDR blocks of the private subnets (ECS tasks, Aurora), one per AZ in order."
  type        = list(string)
  default     = ["10.40.0.0/20", "10.40.16.0/20"]

  validation {
    condition     = length(var.private_subnets) >= 2 && alltrue([for c in var.private_subnets : can(cidrnetmask(c))])
    error_message = "At least two private subnets, each an IPv4 CIDR block."
  }
}

variable "public_subnets" {
  description = "CIDR blocks of the public subnets that hold the NAT gateway(s); empty for a VPC without internet egress (then add interface endpoints)."
  type        = list(string)
  default     = ["10.40.128.0/24", "10.40.129.0/24"]

  validation {
    condition     = alltrue([for c in var.public_subnets : can(cidrnetmask(c))])
    error_message = "public_subnets must be IPv4 CIDR blocks."
  }
}

variable "enable_nat_gateway" {
  description = "Create NAT gateway(s) so tasks in private subnets reach AWS APIs (SageMaker, SQS, ECR, ...)."
  type        = bool
  default     = true
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (cheaper; an AZ outage cuts egress) instead of one per AZ."
  type        = bool
  default     = true
}

variable "enable_s3_endpoint" {
  description = "Add a (free) S3 gateway endpoint to the private route tables."
  type        = bool
  default     = true
}

variable "enable_flow_log" {
  description = "Log rejected traffic of the VPC to CloudWatch Logs."
  type        = bool
  default     = false
}

variable "flow_log_retention_in_days" {
  description = "Retention of the flow log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
