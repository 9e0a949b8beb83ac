terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.81 added serverlessv2_scaling_configuration.seconds_until_auto_pause and min_capacity 0.
      version = "~> 5.0, >= 5.81"
    }
  }
}
