data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  name       = "${var.name_prefix}-orchestrator"
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  port       = 8081

  # The orchestrator's configuration (OrchestratorConfig, prefix `mlops`) and Quarkus settings.
  environment = merge(
    {
      QUARKUS_HTTP_HOST = "0.0.0.0"
      QUARKUS_HTTP_PORT = tostring(local.port)
      AWS_REGION        = local.region
      # Its own schema in the shared database: Flyway creates it and keeps its history there.
      QUARKUS_DATASOURCE_JDBC_URL   = "${var.jdbc_url}?currentSchema=${var.db_schema}"
      QUARKUS_FLYWAY_SCHEMAS        = var.db_schema
      MLOPS_PROJECT                 = var.name_prefix
      MLOPS_AWS_REGION              = local.region
      MLOPS_BUCKETS_DATA            = var.data_bucket_name
      MLOPS_BUCKETS_ARTIFACTS       = var.artifacts_bucket_name
      MLOPS_BUCKETS_CAPTURE         = var.capture_bucket_name
      MLOPS_BUCKETS_DATASETS_PREFIX = var.datasets_prefix
      MLOPS_QUEUES_TRIGGERS         = var.pipeline_triggers_queue.name
      MLOPS_QUEUES_GATEWAY_METRICS  = var.gateway_metrics_queue.name
      MLOPS_ALERTS_TOPIC_ARN        = var.alerts_topic_arn
      MLOPS_TRAINING_IMAGE          = var.model_image_uri
      MLOPS_TRAINING_ROLE_ARN       = var.sagemaker_execution_role_arn
      MLOPS_SCHEDULE_CRON           = var.schedule_cron
      # Where the same settings, and the autoscaling policy of each stage, live in SSM.
      MLOPS_SAGEMAKER_SETTINGS_PATH = var.sagemaker_settings_path
    },
    # Job and endpoint sizes from the sagemaker module's settings.
    { for env, key in local.settings_env : env => var.sagemaker_settings[key] if contains(keys(var.sagemaker_settings), key) },
    var.environment,
  )

  settings_env = {
    MLOPS_TRAINING_INSTANCE_TYPE             = "training-instance-type"
    MLOPS_PROCESSING_INSTANCE_TYPE           = "processing-instance-type"
    MLOPS_DEPLOY_DEV_INSTANCE_TYPE           = "endpoints/dev/instance-type"
    MLOPS_DEPLOY_DEV_INSTANCE_COUNT          = "endpoints/dev/initial-instance-count"
    MLOPS_DEPLOY_PROD_INSTANCE_TYPE          = "endpoints/prod/instance-type"
    MLOPS_DEPLOY_PROD_INSTANCE_COUNT         = "endpoints/prod/initial-instance-count"
    MLOPS_DEPLOY_CAPTURE_SAMPLING_PERCENTAGE = "endpoints/prod/data-capture-sampling-percentage"
  }

  secrets = merge(
    {
      QUARKUS_DATASOURCE_USERNAME = "${var.db_secret_arn}:username::"
      QUARKUS_DATASOURCE_PASSWORD = "${var.db_secret_arn}:password::"
    },
    var.admin_token_secret_arn == null ? {} : { MLOPS_ADMIN_TOKEN = var.admin_token_secret_arn },
  )

  sagemaker_arn = "arn:${local.partition}:sagemaker:${local.region}:${local.account_id}"
  # Every SageMaker resource the orchestrator creates carries the project prefix in its name.
  sagemaker_resources = [
    for type in ["training-job", "processing-job", "model", "endpoint-config", "endpoint", "model-package-group", "model-package"] :
    "${local.sagemaker_arn}:${type}/${var.name_prefix}-*"
  ]
}

module "service" {
  source = "../ecs-service"

  name                           = local.name
  discovery_name                 = "orchestrator"
  cluster_arn                    = var.cluster_arn
  vpc_id                         = var.vpc_id
  subnet_ids                     = var.subnet_ids
  security_group_ids             = var.db_client_security_group_id == null ? [] : [var.db_client_security_group_id]
  ingress_security_groups        = { admin-api = aws_security_group.vpc_link.id }
  enable_service_discovery       = true
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

  tags = merge(var.tags, { Service = "pipeline-orchestrator" })
}

################################################################################
# Admin API: API Gateway HTTP API -> VPC link -> Cloud Map -> the tasks on 8081
################################################################################

resource "aws_security_group" "vpc_link" {
  name        = "${local.name}-admin-api"
  description = "${local.name}: API Gateway VPC link to the admin API"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name}-admin-api" })
}

resource "aws_vpc_security_group_egress_rule" "vpc_link_to_service" {
  security_group_id            = aws_security_group.vpc_link.id
  description                  = "Admin API port of the orchestrator tasks"
  referenced_security_group_id = module.service.security_group_id
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
}

resource "aws_apigatewayv2_vpc_link" "this" {
  name               = "${local.name}-admin"
  subnet_ids         = var.subnet_ids
  security_group_ids = [aws_security_group.vpc_link.id]

  tags = var.tags
}

resource "aws_apigatewayv2_api" "this" {
  name          = "${local.name}-admin"
  description   = "${var.name_prefix}: admin REST API of the pipeline orchestrator"
  protocol_type = "HTTP"

  tags = var.tags
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  count = var.admin_api_auth.type == "JWT" ? 1 : 0

  api_id           = aws_apigatewayv2_api.this.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.admin_api_auth.jwt_issuer
    audience = var.admin_api_auth.jwt_audience
  }
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "HTTP_PROXY"
  integration_method     = "ANY"
  integration_uri        = module.service.service_discovery_service_arn
  connection_type        = "VPC_LINK"
  connection_id          = aws_apigatewayv2_vpc_link.this.id
  payload_format_version = "1.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "this" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "ANY /{proxy+}"
  target    = "integrations/${aws_apigatewayv2_integration.this.id}"

  authorization_type   = var.admin_api_auth.type == "JWT" ? "JWT" : "AWS_IAM"
  authorizer_id        = var.admin_api_auth.type == "JWT" ? aws_apigatewayv2_authorizer.jwt[0].id : null
  authorization_scopes = var.admin_api_auth.type == "JWT" && length(var.admin_api_auth.jwt_scopes) > 0 ? var.admin_api_auth.jwt_scopes : null
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${local.name}-admin"
  retention_in_days = var.log_retention_in_days

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.admin_api_throttling.burst_limit
    throttling_rate_limit  = var.admin_api_throttling.rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId      = "$context.requestId"
      ip             = "$context.identity.sourceIp"
      caller         = "$context.identity.caller"
      user           = "$context.identity.user"
      jwtSubject     = "$context.authorizer.claims.sub"
      requestTime    = "$context.requestTime"
      routeKey       = "$context.routeKey"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      latency        = "$context.integrationLatency"
      error          = "$context.integrationErrorMessage"
    })
  }

  tags = var.tags
}
