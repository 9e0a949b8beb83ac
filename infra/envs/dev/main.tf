# dev: the whole system, sized to cost little and to be torn down freely.

provider "aws" {
  region = var.region

  default_tags {
    tags = { Project = "mlops", Environment = "dev", ManagedBy = "terraform" }
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

module "mlops" {
  source = "../../stack"

  name_prefix      = "mlops-dev"
  environment_name = "dev"
  alert_emails     = var.alert_emails
  # Buckets, repositories and the database go away with `terraform destroy`.
  force_destroy         = true
  log_retention_in_days = 14

  network = {
    azs                = slice(data.aws_availability_zones.available.names, 0, 2)
    single_nat_gateway = true
  }

  # Pauses after 10 idle minutes (0 ACU); resumes in about 15 s on the next connection.
  database = {
    min_capacity        = 0
    max_capacity        = 2
    skip_final_snapshot = true
    apply_immediately   = true
  }

  capture_retention_days = 14

  sagemaker = {
    endpoint_stages = {
      dev = {
        instance_type                    = "ml.t2.medium"
        initial_instance_count           = 1
        data_capture_sampling_percentage = 0
        autoscaling                      = { enabled = false }
      }
      prod = {
        instance_type                    = "ml.m5.large"
        initial_instance_count           = 1
        data_capture_sampling_percentage = 100
        autoscaling                      = { min_capacity = 1, max_capacity = 2, target_invocations_per_instance = 750 }
      }
    }
  }

  gateway = {
    throttling_burst_limit = 50
    throttling_rate_limit  = 20
  }

  services = {
    orchestrator  = { capacity_provider = "FARGATE_SPOT" }
    drift_monitor = { capacity_provider = "FARGATE_SPOT" }
  }

  image_tag              = var.image_tag
  gateway_package_s3_key = var.gateway_package_s3_key

  cicd = {
    repository         = var.repository
    branch             = var.branch
    connection_arn     = var.connection_arn
    terraform_root     = "infra/envs/dev"
    terraform_state    = { bucket = var.terraform_state_bucket, key = "mlops/dev.tfstate", region = var.region }
    deploy_policy_arns = var.deploy_policy_arns
  }
}
