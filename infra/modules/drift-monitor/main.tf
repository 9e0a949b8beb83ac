data "aws_region" "current" {}

locals {
  name = "${var.name_prefix}-drift-monitor"
  port = 8082

  # The drift monitor's configuration (DriftMonitorConfig, prefix `mlops`) and Quarkus settings.
  environment = merge(
    {
      QUARKUS_HTTP_HOST = "0.0.0.0"
      QUARKUS_HTTP_PORT = tostring(local.port)
      AWS_REGION        = data.aws_region.current.name
      # Its own schema in the shared database: Flyway creates it and keeps its history there.
      QUARKUS_DATASOURCE_JDBC_URL     = "${var.jdbc_url}?currentSchema=${var.db_schema}"
      QUARKUS_FLYWAY_SCHEMAS          = var.db_schema
      MLOPS_QUEUES_CAPTURE_EVENTS     = var.capture_events_queue.name
      MLOPS_QUEUES_PIPELINE_TRIGGERS  = var.pipeline_triggers_queue.name
      MLOPS_BUCKETS_ARTIFACTS         = var.artifacts_bucket_name
      MLOPS_BUCKETS_MONITORING_PREFIX = var.monitoring_prefix
      MLOPS_ALERTS_TOPIC_ARN          = var.alerts_topic_arn
    },
    var.environment,
  )

  secrets = {
    QUARKUS_DATASOURCE_USERNAME = "${var.db_secret_arn}:username::"
    QUARKUS_DATASOURCE_PASSWORD = "${var.db_secret_arn}:password::"
  }
}

module "service" {
  source = "../ecs-service"

  name                           = local.name
  discovery_name                 = "drift-monitor"
  cluster_arn                    = var.cluster_arn
  vpc_id                         = var.vpc_id
  subnet_ids                     = var.subnet_ids
  security_group_ids             = var.db_client_security_group_id == null ? [] : [var.db_client_security_group_id]
  ingress_security_groups        = var.ingress_security_groups
  enable_service_discovery       = var.enable_service_discovery
  service_discovery_namespace_id = var.service_discovery_namespace_id
  image                          = var.image
  image_tag                      = var.image_tag
  force_delete_repository        = var.force_delete_repository
  container_port                 = local.port
  cpu                            = var.cpu
  memory                         = var.memory
  desired_count                  = var.desired_count
  capacity_provider              = var.capacity_provider
  environment                    = local.environment
  secrets                        = local.secrets
  secret_kms_key_arns            = var.secret_kms_key_arns
  task_policy_json               = local.task_policy
  log_retention_in_days          = var.log_retention_in_days

  tags = merge(var.tags, { Service = "drift-monitor" })
}
