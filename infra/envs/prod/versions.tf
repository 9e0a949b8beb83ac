terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0, >= 5.81"
    }
  }

  # Partial configuration: bucket, key and region come from `terraform init -backend-config=...`
  # (README.md, "Deploy"). `terraform init -backend=false` (validate, test) skips it.
  backend "s3" {}
}
