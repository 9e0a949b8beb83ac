mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix      = "mlops-test"
  alerts_topic_arn = "arn:aws:sns:eu-west-1:123456789012:mlops-test-alerts"
  queue_names = {
    "pipeline-triggers" = "mlops-test-pipeline-triggers"
    "capture-events"    = "mlops-test-capture-events"
    "gateway-metrics"   = "mlops-test-gateway-metrics"
  }
  dlq_names = {
    "pipeline-triggers" = "mlops-test-pipeline-triggers-dlq"
    "capture-events"    = "mlops-test-capture-events-dlq"
    "gateway-metrics"   = "mlops-test-gateway-metrics-dlq"
  }
  gateway = {
    function_name = "mlops-test-gateway"
    api_id        = "a1b2c3d4e5"
  }
  ecs = {
    cluster_name  = "mlops-test"
    service_names = ["mlops-test-orchestrator", "mlops-test-drift-monitor"]
  }
  database = { cluster_id = "mlops-test" }
  service_log_groups = {
    orchestrator  = "/ecs/mlops-test-orchestrator"
    drift_monitor = "/ecs/mlops-test-drift-monitor"
  }
}

run "dashboard_covers_endpoints_gateway_drift_and_runs" {
  command = apply

  assert {
    condition = alltrue([
      for m in [
        "Invocations", "ModelLatency", "Invocation4XXErrors", "Invocation5XXErrors", "CPUUtilization",
        "mlops/inference-gateway", "Requests", "Errors", "LatencyP99", "Variant",
        "feature_baseline_drift_sales", "drift_events", "pipeline_runs_started", "pipeline_runs_failed",
        "mlops-test-pipeline-triggers-dlq", "ServerlessDatabaseCapacity",
      ] : strcontains(aws_cloudwatch_dashboard.this.dashboard_body, m)
    ])
    error_message = "The dashboard shows endpoint invocations, latency, 4xx/5xx and CPU, gateway metrics per variant, drift, pipeline runs, queues and the database."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets) >= 10
    error_message = "The dashboard is complete."
  }
}

run "alarms_notify_the_alerts_topic" {
  command = apply

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.dlq)) == toset(keys(var.dlq_names))
    error_message = "Every dead-letter queue has an alarm."
  }

  assert {
    condition = alltrue([
      for a in concat(values(aws_cloudwatch_metric_alarm.dlq), values(aws_cloudwatch_metric_alarm.drift), [aws_cloudwatch_metric_alarm.pipeline_failed], aws_cloudwatch_metric_alarm.api_5xx, aws_cloudwatch_metric_alarm.drift_events) :
      a.alarm_actions == toset([var.alerts_topic_arn])
    ])
    error_message = "Every alarm notifies the alerts topic."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.drift["sales"].metric_name == "feature_baseline_drift_sales" && aws_cloudwatch_metric_alarm.drift["sales"].threshold == 0.2
    error_message = "Drift alarms fire above 0.20 per feature."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq["capture-events"].threshold == 0 && aws_cloudwatch_metric_alarm.dlq["capture-events"].dimensions.QueueName == "mlops-test-capture-events-dlq"
    error_message = "A single dead letter raises the alarm."
  }
}

run "pipeline_runs_and_drift_events_come_from_the_service_logs" {
  command = apply

  assert {
    condition = (
      aws_cloudwatch_log_metric_filter.this["runs_failed"].log_group_name == "/ecs/mlops-test-orchestrator" &&
      one(aws_cloudwatch_log_metric_filter.this["runs_failed"].metric_transformation).name == aws_cloudwatch_metric_alarm.pipeline_failed.metric_name &&
      one(aws_cloudwatch_log_metric_filter.this["runs_failed"].metric_transformation).namespace == aws_cloudwatch_metric_alarm.pipeline_failed.namespace
    )
    error_message = "The pipeline failure alarm watches the metric that the orchestrator's log filter produces."
  }

  assert {
    condition = (
      aws_cloudwatch_log_metric_filter.this["drift_events"].log_group_name == "/ecs/mlops-test-drift-monitor" &&
      one(aws_cloudwatch_log_metric_filter.this["drift_events"].metric_transformation).name == aws_cloudwatch_metric_alarm.drift_events[0].metric_name
    )
    error_message = "The drift event alarm watches the metric that the drift monitor's log filter produces."
  }
}
