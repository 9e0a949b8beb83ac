output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = try(aws_cloudwatch_dashboard.this.dashboard_name, null)
}

output "dashboard_url" {
  description = "Console URL of the dashboard."
  value       = try("https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards:name=${aws_cloudwatch_dashboard.this.dashboard_name}", null)
}

output "alarm_names" {
  description = "Alarms this module created."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.dlq : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.drift : a.alarm_name],
    [aws_cloudwatch_metric_alarm.pipeline_failed.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.drift_events : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.api_5xx : a.alarm_name],
  )
}

output "api_5xx_alarm_name" {
  description = "Alarm on the prediction API's 5xx rate (a candidate extra rollback alarm for gateway releases)."
  value       = try(aws_cloudwatch_metric_alarm.api_5xx[0].alarm_name, null)
}

output "log_metric_filters" {
  description = "Metric filters on the services' logs: metric name => log group and pattern."
  value = { for k, f in aws_cloudwatch_log_metric_filter.this : one(f.metric_transformation).name => {
    log_group = f.log_group_name
    pattern   = f.pattern
  } }
}
