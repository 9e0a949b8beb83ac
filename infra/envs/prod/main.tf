# prod: the reference figures of the design (2 x ml.m5.large, 100 % capture, autoscaling 2..10 at 750
# invocations per instance), a NAT gateway per AZ, a protected database and an approval before deploys.

provider "aws" {
  region = var.region

  default_tags {
    tags = { Project = "mlops", Environment = "prod", ManagedBy = "terraform" }
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

module "mlops" {
  source = "../../stack"

  name_prefix           = "mlops-prod"
  environment_name      = "prod"
  alert_emails          = var.alert_emails
  force_destroy         = false
  log_retention_in_days = 90

  network = {
    azs                = slice(data.aws_availability_zones.available.names, 0, 2)
    single_nat_gateway = false
    enable_flow_log    = true
  }

  # Two instances (writer + standby reader). A 0.5 ACU floor avoids the ~15 s resume after a pause on the
  # first admin call; set 0 to let it pause when nothing is connected.
  database = {
    min_capacity        = 0.5
    max_capacity        = 8
    instance_count      = 2
    deletion_protection = true
  }

  # The sagemaker module's defaults are the prod figures: dev stage 1 x ml.m5.large; prod stage
  # 2 x ml.m5.large, 100 % capture, target tracking 2..10 at 750 invocations per instance, 60 s cool-downs.
  sagemaker = {}

  gateway = {
    throttling_burst_limit = 500
    throttling_rate_limit  = 250
  }

  services = {
    orchestrator  = { desired_count = 2 }
    drift_monitor = { desired_count = 2, cpu = 1024, memory = 2048 }
  }

  container_insights = true

  image_tag              = var.image_tag
  gateway_package_s3_key = var.gateway_package_s3_key

  cicd = {
    repository         = var.repository
    branch             = var.branch
    connection_arn     = var.connection_arn
    terraform_root     = "infra/envs/prod"
    terraform_state    = { bucket = var.terraform_state_bucket, key = "mlops/prod.tfstate", region = var.region }
    require_approval   = true
    deploy_policy_arns = var.deploy_policy_arns
  }
}
