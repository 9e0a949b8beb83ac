# Every option of the stack turned on: JWT admin auth, Terraform-managed autoscaling of a stable prod
# endpoint name, the native gateway on arm64, Spot tasks, flow logs, an existing repository connection.
# `terraform plan` here needs AWS credentials; `terraform validate` and `terraform test` do not.

provider "aws" {
  region = var.region

  default_tags {
    tags = { Project = "mlops", Environment = "example", ManagedBy = "terraform" }
  }
}

module "mlops" {
  source = "../../stack"

  name_prefix      = "mlops-example"
  environment_name = "example"
  alert_emails     = ["mlops-alerts@example.com"]
  force_destroy    = true

  network = {
    cidr            = "10.60.0.0/16"
    azs             = ["${var.region}a", "${var.region}b", "${var.region}c"]
    private_subnets = ["10.60.0.0/20", "10.60.16.0/20", "10.60.32.0/20"]
    public_subnets  = ["10.60.128.0/24", "10.60.129.0/24", "10.60.130.0/24"]
    enable_flow_log = true
  }

  database = {
    min_capacity             = 0
    max_capacity             = 4
    seconds_until_auto_pause = 300
    skip_final_snapshot      = true
  }

  sagemaker = {
    training_instance_type = "ml.m5.xlarge"
    endpoint_stages = {
      dev = {
        instance_type                    = "ml.t2.medium"
        initial_instance_count           = 1
        data_capture_sampling_percentage = 0
        autoscaling                      = { enabled = false }
      }
      prod = {
        instance_type                    = "ml.c5.large"
        initial_instance_count           = 2
        data_capture_sampling_percentage = 50
        autoscaling                      = { min_capacity = 2, max_capacity = 6, target_invocations_per_instance = 900, scale_in_cooldown = 300 }
      }
    }
    # An endpoint whose name does not change between model versions: Terraform owns its scaling.
    managed_endpoint_variants = {
      stable = { endpoint_name = "mlops-example-prod-stable", variant_name = "AllTraffic", stage = "prod" }
    }
  }

  gateway = {
    runtime      = "native"
    architecture = "arm64"
    memory_size  = 512
  }

  services = {
    orchestrator  = { capacity_provider = "FARGATE_SPOT" }
    drift_monitor = { capacity_provider = "FARGATE_SPOT", cpu = 1024, memory = 2048 }
  }

  admin_api_auth = {
    type         = "JWT"
    jwt_issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${var.region}_EXAMPLE"
    jwt_audience = ["mlops-admin"]
  }

  drift_features  = ["sales", "volume", "listings", "inventory"]
  drift_threshold = 0.1

  cicd = {
    repository       = "example/mlops"
    connection_arn   = "arn:aws:codeconnections:${var.region}:111122223333:connection/00000000-0000-0000-0000-000000000000"
    terraform_root   = "infra/examples/complete"
    terraform_state  = { bucket = "mlops-example-terraform-state", key = "mlops/example.tfstate" }
    require_approval = true
  }
}
