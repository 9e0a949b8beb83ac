# The whole system, composed from the component modules. envs/dev, envs/prod and examples/complete are
# thin roots around this module: a provider, a backend, and the values that differ.

locals {
  tags = merge(var.tags, { Project = var.name_prefix })

  # Addresses of what a first CI run must create before it can push images and the gateway package.
  bootstrap_targets = [
    "${var.root_module_address}.module.storage",
    "${var.root_module_address}.module.sagemaker.aws_ecr_repository.this",
    "${var.root_module_address}.module.orchestrator.module.service.aws_ecr_repository.this",
    "${var.root_module_address}.module.drift_monitor.module.service.aws_ecr_repository.this",
  ]

  data_keys = [module.storage.kms_key_arn]

  queues = { for k, arn in module.messaging.queue_arns : k => {
    arn  = arn
    url  = module.messaging.queue_urls[k]
    name = module.messaging.queue_names[k]
  } }
}

module "network" {
  source = "../modules/network"

  name_prefix        = var.name_prefix
  cidr               = var.network.cidr
  azs                = var.network.azs
  private_subnets    = var.network.private_subnets
  public_subnets     = var.network.public_subnets
  single_nat_gateway = var.network.single_nat_gateway
  enable_flow_log    = var.network.enable_flow_log

  tags = local.tags
}

module "storage" {
  source = "../modules/storage"

  name_prefix                 = var.name_prefix
  force_destroy               = var.force_destroy
  capture_retention_days      = var.capture_retention_days
  datasets_notification_queue = { arn = module.messaging.queue_arns["pipeline-triggers"], url = module.messaging.queue_urls["pipeline-triggers"] }
  capture_notification_queue  = { arn = module.messaging.queue_arns["capture-events"], url = module.messaging.queue_urls["capture-events"] }

  tags = local.tags
}

module "messaging" {
  source = "../modules/messaging"

  name_prefix  = var.name_prefix
  alert_emails = var.alert_emails
  kms_key_arn  = module.storage.kms_key_arn

  tags = local.tags
}

module "state" {
  source = "../modules/state"

  name_prefix              = var.name_prefix
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.private_subnet_ids
  min_capacity             = var.database.min_capacity
  max_capacity             = var.database.max_capacity
  seconds_until_auto_pause = var.database.seconds_until_auto_pause
  instance_count           = var.database.instance_count
  deletion_protection      = var.database.deletion_protection
  skip_final_snapshot      = var.database.skip_final_snapshot
  apply_immediately        = var.database.apply_immediately

  tags = local.tags
}

module "sagemaker" {
  source = "../modules/sagemaker"

  name_prefix               = var.name_prefix
  data_bucket_arn           = module.storage.bucket_arns["data"]
  artifacts_bucket_arn      = module.storage.bucket_arns["artifacts"]
  capture_bucket_arn        = module.storage.bucket_arns["capture"]
  capture_s3_uri            = module.storage.capture_s3_uri
  kms_key_arn               = module.storage.kms_key_arn
  image_tag                 = var.image_tag
  training_instance_type    = var.sagemaker.training_instance_type
  processing_instance_type  = var.sagemaker.processing_instance_type
  endpoint_stages           = var.sagemaker.endpoint_stages
  managed_endpoint_variants = var.sagemaker.managed_endpoint_variants
  force_delete_repository   = var.force_destroy

  tags = local.tags
}

module "cluster" {
  source = "../modules/ecs-cluster"

  name_prefix        = var.name_prefix
  vpc_id             = module.network.vpc_id
  container_insights = var.container_insights

  tags = local.tags
}

module "orchestrator" {
  source = "../modules/pipeline-orchestrator"

  name_prefix                    = var.name_prefix
  cluster_arn                    = module.cluster.cluster_arn
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.private_subnet_ids
  service_discovery_namespace_id = module.cluster.service_discovery_namespace_id
  image_tag                      = var.image_tag
  force_delete_repository        = var.force_destroy
  cpu                            = var.services.orchestrator.cpu
  memory                         = var.services.orchestrator.memory
  desired_count                  = var.services.orchestrator.desired_count
  capacity_provider              = var.services.orchestrator.capacity_provider
  log_retention_in_days          = var.log_retention_in_days

  jdbc_url                    = module.state.jdbc_url
  db_secret_arn               = module.state.master_user_secret_arn
  db_client_security_group_id = module.state.client_security_group_id
  admin_token_secret_arn      = var.enable_cicd ? module.cicd[0].admin_token_secret_arn : null
  secret_kms_key_arns         = var.enable_cicd ? [module.cicd[0].kms_key_arn] : []

  data_bucket_name      = module.storage.bucket_names["data"]
  data_bucket_arn       = module.storage.bucket_arns["data"]
  artifacts_bucket_name = module.storage.bucket_names["artifacts"]
  artifacts_bucket_arn  = module.storage.bucket_arns["artifacts"]
  capture_bucket_name   = module.storage.bucket_names["capture"]
  capture_bucket_arn    = module.storage.bucket_arns["capture"]
  kms_key_arns          = local.data_keys

  pipeline_triggers_queue = local.queues["pipeline-triggers"]
  gateway_metrics_queue   = local.queues["gateway-metrics"]
  alerts_topic_arn        = module.messaging.alerts_topic_arn

  sagemaker_settings           = module.sagemaker.settings
  sagemaker_execution_role_arn = module.sagemaker.execution_role_arn
  model_image_uri              = module.sagemaker.image_uri
  sagemaker_settings_path      = module.sagemaker.ssm_parameter_path
  sagemaker_settings_path_arn  = module.sagemaker.ssm_parameter_path_arn
  schedule_cron                = var.schedule_cron
  metrics_namespace            = var.metrics_namespace

  admin_api_auth = var.admin_api_auth

  tags = local.tags
}

module "drift_monitor" {
  source = "../modules/drift-monitor"

  name_prefix                    = var.name_prefix
  cluster_arn                    = module.cluster.cluster_arn
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.private_subnet_ids
  service_discovery_namespace_id = module.cluster.service_discovery_namespace_id
  ingress_security_groups        = { orchestrator = module.orchestrator.security_group_id }
  image_tag                      = var.image_tag
  force_delete_repository        = var.force_destroy
  cpu                            = var.services.drift_monitor.cpu
  memory                         = var.services.drift_monitor.memory
  desired_count                  = var.services.drift_monitor.desired_count
  capacity_provider              = var.services.drift_monitor.capacity_provider
  log_retention_in_days          = var.log_retention_in_days

  jdbc_url                    = module.state.jdbc_url
  db_secret_arn               = module.state.master_user_secret_arn
  db_client_security_group_id = module.state.client_security_group_id

  capture_events_queue    = local.queues["capture-events"]
  pipeline_triggers_queue = local.queues["pipeline-triggers"]
  alerts_topic_arn        = module.messaging.alerts_topic_arn
  capture_bucket_arn      = module.storage.bucket_arns["capture"]
  artifacts_bucket_name   = module.storage.bucket_names["artifacts"]
  artifacts_bucket_arn    = module.storage.bucket_arns["artifacts"]
  kms_key_arns            = local.data_keys
  metrics_namespace       = var.metrics_namespace

  tags = local.tags
}

# The orchestrator reads the drift monitor's API (recent windows, violations) inside the VPC.
resource "aws_vpc_security_group_egress_rule" "orchestrator_to_drift_monitor" {
  security_group_id            = module.orchestrator.security_group_id
  description                  = "Drift monitor read API"
  referenced_security_group_id = module.drift_monitor.security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 8082
  to_port                      = 8082
}

module "gateway" {
  source = "../modules/inference-gateway"

  name_prefix                     = var.name_prefix
  runtime                         = var.gateway.runtime
  architecture                    = var.gateway.architecture
  memory_size                     = var.gateway.memory_size
  reserved_concurrent_executions  = var.gateway.reserved_concurrent_executions
  throttling_burst_limit          = var.gateway.throttling_burst_limit
  throttling_rate_limit           = var.gateway.throttling_rate_limit
  package_s3_bucket               = module.storage.bucket_names["artifacts"]
  package_s3_key                  = var.gateway_package_s3_key
  routing_policy_bucket_name      = module.storage.bucket_names["artifacts"]
  routing_policy_bucket_arn       = module.storage.bucket_arns["artifacts"]
  kms_key_arns                    = local.data_keys
  gateway_metrics_queue           = local.queues["gateway-metrics"]
  metrics_namespace               = var.gateway_metrics_namespace
  alerts_topic_arn                = module.messaging.alerts_topic_arn
  additional_rollback_alarm_names = var.gateway.rollback_on_api_5xx ? [module.monitoring.api_5xx_alarm_name] : []
  log_retention_in_days           = var.log_retention_in_days

  tags = local.tags
}

module "monitoring" {
  source = "../modules/monitoring"

  name_prefix               = var.name_prefix
  alerts_topic_arn          = module.messaging.alerts_topic_arn
  metrics_namespace         = var.metrics_namespace
  gateway_metrics_namespace = var.gateway_metrics_namespace
  drift_features            = var.drift_features
  drift_threshold           = var.drift_threshold
  queue_names               = module.messaging.queue_names
  dlq_names                 = module.messaging.dlq_names
  # Names built here rather than read from the gateway module: the gateway's rollback alarms include
  # the API 5xx alarm of this module.
  gateway = {
    function_name = "${var.name_prefix}-gateway"
    alias_name    = "live"
    api_id        = module.gateway.api_id
  }
  ecs = {
    cluster_name  = module.cluster.cluster_name
    service_names = [module.orchestrator.service_name, module.drift_monitor.service_name]
  }
  database = { cluster_id = module.state.cluster_id }
  service_log_groups = {
    orchestrator  = module.orchestrator.log_group_name
    drift_monitor = module.drift_monitor.log_group_name
  }

  tags = local.tags
}

module "cicd" {
  source = "../modules/cicd"
  count  = var.enable_cicd ? 1 : 0

  name_prefix        = var.name_prefix
  environment_name   = var.environment_name
  terraform_root     = var.cicd.terraform_root
  terraform_state    = var.cicd.terraform_state
  bootstrap_targets  = local.bootstrap_targets
  repository         = var.cicd.repository
  branch             = var.cicd.branch
  connection_arn     = var.cicd.connection_arn
  require_approval   = var.cicd.require_approval
  deploy_policy_arns = var.cicd.deploy_policy_arns
  force_destroy      = var.force_destroy
  image_repositories = {
    model         = { url = module.sagemaker.ecr_repository_url, arn = module.sagemaker.ecr_repository_arn }
    orchestrator  = { url = module.orchestrator.ecr_repository_url, arn = module.orchestrator.ecr_repository_arn }
    drift_monitor = { url = module.drift_monitor.ecr_repository_url, arn = module.drift_monitor.ecr_repository_arn }
  }
  gateway_package = {
    bucket_name = module.storage.bucket_names["artifacts"]
    bucket_arn  = module.storage.bucket_arns["artifacts"]
    key_prefix  = var.gateway_package_key_prefix
  }
  gateway_codedeploy = {
    application_name      = module.gateway.codedeploy_app_name
    deployment_group_name = module.gateway.codedeploy_deployment_group_name
  }
  pipeline_triggers_queue = { arn = local.queues["pipeline-triggers"].arn, url = local.queues["pipeline-triggers"].url }
  kms_key_arns            = local.data_keys
  alerts_topic_arn        = module.messaging.alerts_topic_arn

  tags = local.tags
}
