data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name
  ns     = var.metrics_namespace
  gw_ns  = var.gateway_metrics_namespace

  # SageMaker endpoints are created at run time with names `<name_prefix>-...`, so the endpoint widgets
  # search for them instead of naming them.
  endpoint_search = "{AWS/SageMaker,EndpointName,VariantName} ${var.name_prefix}"

  alarm_actions = [var.alerts_topic_arn]

  widgets = concat(
    [
      {
        type = "text", x = 0, y = 0, width = 24, height = 2
        properties = {
          markdown = "# ${var.name_prefix}\nEndpoints `${var.name_prefix}-*` (all variants), the gateway per variant, drift per feature, pipeline runs. Alarms notify the alerts topic."
        }
      },
      {
        type = "metric", x = 0, y = 2, width = 8, height = 6
        properties = {
          title   = "Endpoint invocations (per variant)"
          region  = local.region
          stat    = "Sum"
          period  = 60
          view    = "timeSeries"
          metrics = [[{ expression = "SEARCH('${local.endpoint_search} MetricName=\"Invocations\"', 'Sum', 60)", id = "inv", label = "" }]]
        }
      },
      {
        type = "metric", x = 8, y = 2, width = 8, height = 6
        properties = {
          title  = "Endpoint model latency p99 (microseconds)"
          region = local.region
          view   = "timeSeries"
          metrics = [
            [{ expression = "SEARCH('${local.endpoint_search} MetricName=\"ModelLatency\"', 'p99', 60)", id = "lat", label = "" }],
            [{ expression = "SEARCH('${local.endpoint_search} MetricName=\"OverheadLatency\"', 'p99', 60)", id = "ovh", label = "" }],
          ]
        }
      },
      {
        type = "metric", x = 16, y = 2, width = 8, height = 6
        properties = {
          title  = "Endpoint 4xx / 5xx errors"
          region = local.region
          view   = "timeSeries"
          metrics = [
            [{ expression = "SEARCH('${local.endpoint_search} MetricName=\"Invocation4XXErrors\"', 'Sum', 60)", id = "e4", label = "" }],
            [{ expression = "SEARCH('${local.endpoint_search} MetricName=\"Invocation5XXErrors\"', 'Sum', 60)", id = "e5", label = "" }],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 8, width = 8, height = 6
        properties = {
          title  = "Endpoint instance CPU and memory (%)"
          region = local.region
          view   = "timeSeries"
          metrics = [
            [{ expression = "SEARCH('{/aws/sagemaker/Endpoints,EndpointName,VariantName} ${var.name_prefix} MetricName=\"CPUUtilization\"', 'Average', 60)", id = "cpu", label = "" }],
            [{ expression = "SEARCH('{/aws/sagemaker/Endpoints,EndpointName,VariantName} ${var.name_prefix} MetricName=\"MemoryUtilization\"', 'Average', 60)", id = "mem", label = "" }],
          ]
        }
      },
      {
        type = "metric", x = 8, y = 8, width = 8, height = 6
        properties = {
          title  = "Gateway requests and errors per variant"
          region = local.region
          view   = "timeSeries"
          metrics = [
            [{ expression = "SEARCH('{${local.gw_ns},Variant} MetricName=\"${var.gateway_metric_names.requests}\"', 'Sum', 60)", id = "greq", label = "" }],
            [{ expression = "SEARCH('{${local.gw_ns},Variant} MetricName=\"${var.gateway_metric_names.errors}\"', 'Sum', 60)", id = "gerr", label = "" }],
          ]
        }
      },
      {
        type = "metric", x = 16, y = 8, width = 8, height = 6
        properties = {
          title   = "Gateway latency p99 per variant (ms)"
          region  = local.region
          view    = "timeSeries"
          metrics = [[{ expression = "SEARCH('{${local.gw_ns},Variant} MetricName=\"${var.gateway_metric_names.latency}\"', 'Maximum', 60)", id = "glat", label = "" }]]
        }
      },
    ],
    var.gateway == null ? [] : [
      {
        type = "metric", x = 0, y = 14, width = 12, height = 6
        properties = {
          title  = "Gateway Lambda (${var.gateway.alias_name} alias)"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 60
          metrics = [
            ["AWS/Lambda", "Invocations", "FunctionName", var.gateway.function_name, "Resource", "${var.gateway.function_name}:${var.gateway.alias_name}"],
            [".", "Errors", ".", ".", ".", "."],
            [".", "Throttles", ".", ".", ".", "."],
          ]
        }
      },
    ],
    var.gateway == null ? [] : [
      {
        type = "metric", x = 12, y = 14, width = 12, height = 6
        properties = {
          title  = "Prediction API (API Gateway)"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 60
          metrics = [
            ["AWS/ApiGateway", "Count", "ApiId", var.gateway.api_id],
            [".", "4xx", ".", "."],
            [".", "5xx", ".", "."],
          ]
        }
      },
    ],
    [
      {
        type = "metric", x = 0, y = 20, width = 12, height = 6
        properties = {
          title  = "Feature drift (baseline distance)"
          region = local.region
          view   = "timeSeries"
          stat   = "Maximum"
          period = 300
          metrics = concat(
            [[local.ns, var.log_metric_names.drift_events, { stat = "Sum", yAxis = "right" }]],
            [for f in var.drift_features : [local.ns, "feature_baseline_drift_${f}"]],
            length(var.drift_features) > 0 ? [] : [[{ expression = "SEARCH('{${local.ns}} feature_baseline_drift', 'Maximum', 300)", id = "drift", label = "" }]],
          )
          annotations = { horizontal = [{ label = "alarm", value = var.drift_threshold }] }
        }
      },
      {
        type = "metric", x = 12, y = 20, width = 12, height = 6
        properties = {
          title  = "Pipeline runs"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 3600
          metrics = [
            [local.ns, var.log_metric_names.runs_started],
            [local.ns, var.log_metric_names.runs_succeeded],
            [local.ns, var.log_metric_names.runs_failed],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 26, width = 12, height = 6
        properties = {
          title  = "Queues: visible messages (dead-letter queues should stay at 0)"
          region = local.region
          view   = "timeSeries"
          stat   = "Maximum"
          period = 60
          metrics = concat(
            [for q in values(var.queue_names) : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q]],
            [for q in values(var.dlq_names) : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q]],
          )
        }
      },
    ],
    var.ecs == null ? [] : [
      {
        type = "metric", x = 12, y = 26, width = 12, height = 6
        properties = {
          title  = "Services: CPU and memory (%)"
          region = local.region
          view   = "timeSeries"
          stat   = "Average"
          period = 60
          metrics = flatten([
            for s in var.ecs.service_names : [
              ["AWS/ECS", "CPUUtilization", "ClusterName", var.ecs.cluster_name, "ServiceName", s],
              ["AWS/ECS", "MemoryUtilization", "ClusterName", var.ecs.cluster_name, "ServiceName", s],
            ]
          ])
        }
      },
    ],
    var.database == null ? [] : [
      {
        type = "metric", x = 0, y = 32, width = 12, height = 6
        properties = {
          title  = "Aurora capacity (ACU; 0 while paused)"
          region = local.region
          view   = "timeSeries"
          stat   = "Average"
          period = 300
          metrics = [
            ["AWS/RDS", "ServerlessDatabaseCapacity", "DBClusterIdentifier", var.database.cluster_id],
            [".", "DatabaseConnections", ".", "."],
          ]
        }
      },
    ],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name_prefix
  dashboard_body = jsonencode({ widgets = local.widgets })
}

################################################################################
# Alarms -> SNS alerts topic
################################################################################

# A message in a dead-letter queue means a trigger, capture file or metrics window was not processed.
resource "aws_cloudwatch_metric_alarm" "dlq" {
  for_each = var.dlq_names

  alarm_name          = "${var.name_prefix}-${each.key}-dead-letters"
  alarm_description   = "Messages in ${each.value}: ${each.key} could not be processed; inspect and redrive"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "drift" {
  for_each = toset(var.drift_features)

  alarm_name          = "${var.name_prefix}-drift-${each.value}"
  alarm_description   = "Feature ${each.value} drifted from the training baseline (distance above ${var.drift_threshold})"
  namespace           = local.ns
  metric_name         = "feature_baseline_drift_${each.value}"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.drift_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "pipeline_failed" {
  alarm_name          = "${var.name_prefix}-pipeline-run-failed"
  alarm_description   = "A pipeline run failed (from the orchestrator's log)"
  namespace           = local.ns
  metric_name         = var.log_metric_names.runs_failed
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "drift_events" {
  count = var.service_log_groups == null ? 0 : 1

  alarm_name          = "${var.name_prefix}-drift-event"
  alarm_description   = "The drift monitor asked for retraining (from its log)"
  namespace           = local.ns
  metric_name         = var.log_metric_names.drift_events
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  count = var.gateway == null ? 0 : 1

  alarm_name          = "${var.name_prefix}-prediction-api-5xx"
  alarm_description   = "The prediction API answers 5xx to more than ${var.api_5xx_rate_threshold} % of requests"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  threshold           = var.api_5xx_rate_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    label       = "5xx rate (%)"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5xx"
      dimensions  = { ApiId = var.gateway.api_id }
      stat        = "Sum"
      period      = 60
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      dimensions  = { ApiId = var.gateway.api_id }
      stat        = "Sum"
      period      = 60
    }
  }

  tags = var.tags
}

################################################################################
# Metrics from the services' logs: pipeline runs (orchestrator) and drift events (drift monitor)
################################################################################

locals {
  log_metric_filters = var.service_log_groups == null ? {} : {
    runs_started   = { log_group = var.service_log_groups.orchestrator, pattern = var.log_patterns.runs_started }
    runs_succeeded = { log_group = var.service_log_groups.orchestrator, pattern = var.log_patterns.runs_succeeded }
    runs_failed    = { log_group = var.service_log_groups.orchestrator, pattern = var.log_patterns.runs_failed }
    drift_events   = { log_group = var.service_log_groups.drift_monitor, pattern = var.log_patterns.drift_events }
  }
}

resource "aws_cloudwatch_log_metric_filter" "this" {
  for_each = local.log_metric_filters

  name           = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  log_group_name = each.value.log_group
  pattern        = each.value.pattern

  metric_transformation {
    namespace = local.ns
    name      = var.log_metric_names[each.key]
    value     = "1"
    unit      = "Count"
  }
}
