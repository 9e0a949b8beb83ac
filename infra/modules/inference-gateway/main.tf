data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  name       = "${var.name_prefix}-gateway"
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  jvm        = var.runtime == "jvm"

  runtimes = {
    # quarkus-amazon-lambda-http's handler; SnapStart restores an initialised JVM instead of booting one.
    jvm = { runtime = "java21", handler = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest" }
    # A native executable named `bootstrap` in the zip; the handler is ignored by provided runtimes.
    native = { runtime = "provided.al2023", handler = "not.used.in.provided.runtime" }
  }

  # The gateway's configuration (GatewayConfig, prefix `mlops`). Lambda sets AWS_REGION itself.
  environment = merge(
    {
      MLOPS_AWS_REGION                    = local.region
      MLOPS_GATEWAY_ROUTING_BUCKET        = var.routing_policy_bucket_name
      MLOPS_GATEWAY_ROUTING_KEY           = var.routing_policy_key
      MLOPS_GATEWAY_METRICS_QUEUE         = var.gateway_metrics_queue.name
      MLOPS_GATEWAY_METRICS_EMF_NAMESPACE = var.metrics_namespace
    },
    local.jvm ? {
      # Start-up matters more than peak throughput for a function that scales out by instances.
      JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
      } : {
      DISABLE_SIGNAL_HANDLERS = "true"
    },
    var.environment,
  )

  alias_resource = "${local.name}:${var.alias_name}"
}

################################################################################
# Function and the `live` alias that API Gateway calls and CodeDeploy shifts
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${local.name}"
  retention_in_days = var.log_retention_in_days

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = local.name
  description   = "${var.name_prefix}: public prediction API (inference gateway, ${var.runtime})"
  role          = aws_iam_role.this.arn
  runtime       = local.runtimes[var.runtime].runtime
  handler       = local.runtimes[var.runtime].handler
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout

  s3_bucket         = var.package_s3_bucket
  s3_key            = var.package_s3_key
  s3_object_version = var.package_s3_object_version

  # Every change publishes a version; CodeDeploy then shifts `live` to it as a canary.
  publish                        = true
  reserved_concurrent_executions = var.reserved_concurrent_executions

  dynamic "snap_start" {
    for_each = local.jvm ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = local.environment
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  # No vpc_config: the gateway talks only to AWS APIs (SageMaker Runtime, S3, SQS), so it stays out of
  # the VPC and needs no NAT.

  tags = var.tags
}

resource "aws_lambda_alias" "live" {
  name             = var.alias_name
  description      = "What API Gateway calls; CodeDeploy moves it to new versions as a canary"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version

  # After the first apply CodeDeploy owns the alias: it shifts version and weights during a deployment.
  lifecycle {
    ignore_changes = [function_version, routing_config]
  }
}

################################################################################
# API Gateway HTTP API
################################################################################

resource "aws_apigatewayv2_api" "this" {
  name          = local.name
  description   = "${var.name_prefix}: public prediction API"
  protocol_type = "HTTP"

  dynamic "cors_configuration" {
    for_each = length(var.cors_allow_origins) > 0 ? [1] : []
    content {
      allow_origins = var.cors_allow_origins
      allow_methods = ["GET", "POST", "OPTIONS"]
      allow_headers = ["content-type", "authorization", "x-request-key"]
      max_age       = 3600
    }
  }

  tags = var.tags
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.live.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.api_timeout_milliseconds
}

resource "aws_apigatewayv2_route" "this" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.this.id}"
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${local.name}"
  retention_in_days = var.log_retention_in_days

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      ip               = "$context.identity.sourceIp"
      requestTime      = "$context.requestTime"
      routeKey         = "$context.routeKey"
      status           = "$context.status"
      responseLength   = "$context.responseLength"
      latency          = "$context.responseLatency"
      integrationError = "$context.integrationErrorMessage"
    })
  }

  tags = var.tags
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGatewayInvokeLive"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}

################################################################################
# Canary releases: CodeDeploy shifts `live` 10 % -> 100 % after 5 minutes and rolls back on alarm
################################################################################

resource "aws_cloudwatch_metric_alarm" "alias_errors" {
  alarm_name          = "${local.name}-${var.alias_name}-errors"
  alarm_description   = "Errors of the ${var.alias_name} alias: rolls a gateway deployment back"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = var.rollback_alarm.period
  evaluation_periods  = var.rollback_alarm.evaluation_periods
  threshold           = var.rollback_alarm.errors_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    FunctionName = aws_lambda_function.this.function_name
    Resource     = local.alias_resource
  }

  alarm_actions = var.alerts_topic_arn == null ? [] : [var.alerts_topic_arn]

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "alias_throttles" {
  alarm_name          = "${local.name}-${var.alias_name}-throttles"
  alarm_description   = "Throttles of the ${var.alias_name} alias: rolls a gateway deployment back"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"
  period              = var.rollback_alarm.period
  evaluation_periods  = var.rollback_alarm.evaluation_periods
  threshold           = var.rollback_alarm.throttles_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    FunctionName = aws_lambda_function.this.function_name
    Resource     = local.alias_resource
  }

  alarm_actions = var.alerts_topic_arn == null ? [] : [var.alerts_topic_arn]

  tags = var.tags
}

resource "aws_codedeploy_app" "this" {
  name             = local.name
  compute_platform = "Lambda"

  tags = var.tags
}

resource "aws_codedeploy_deployment_group" "this" {
  app_name               = aws_codedeploy_app.this.name
  deployment_group_name  = "${local.name}-${var.alias_name}"
  service_role_arn       = aws_iam_role.codedeploy.arn
  deployment_config_name = var.deployment_config_name

  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }

  alarm_configuration {
    enabled = true
    alarms = concat(
      [aws_cloudwatch_metric_alarm.alias_errors.alarm_name, aws_cloudwatch_metric_alarm.alias_throttles.alarm_name],
      var.additional_rollback_alarm_names,
    )
  }

  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }

  dynamic "trigger_configuration" {
    for_each = var.alerts_topic_arn == null ? [] : [var.alerts_topic_arn]
    content {
      trigger_name       = "deployment-outcome"
      trigger_target_arn = trigger_configuration.value
      trigger_events     = ["DeploymentSuccess", "DeploymentFailure", "DeploymentRollback", "DeploymentStop"]
    }
  }

  tags = var.tags
}
