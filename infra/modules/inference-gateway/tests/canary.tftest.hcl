# Gateway releases: CodeDeploy canary with alarm-based rollback (mocked AWS provider).

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix                = "mlops-test"
  package_s3_bucket          = "mlops-test-artifacts"
  package_s3_key             = "lambda/inference-gateway/abc123.zip"
  routing_policy_bucket_name = "mlops-test-artifacts"
  routing_policy_bucket_arn  = "arn:aws:s3:::mlops-test-artifacts"
  kms_key_arns               = ["arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
  alerts_topic_arn           = "arn:aws:sns:eu-west-1:123456789012:mlops-test-alerts"
  gateway_metrics_queue = {
    arn  = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-gateway-metrics"
    url  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-gateway-metrics"
    name = "mlops-test-gateway-metrics"
  }
}

run "canary_releases_with_alarm_rollback" {
  command = apply

  assert {
    condition     = aws_codedeploy_deployment_group.this.deployment_config_name == "CodeDeployDefault.LambdaCanary10Percent5Minutes"
    error_message = "Gateway releases are 10 % canaries for 5 minutes."
  }

  assert {
    condition = (
      one(aws_codedeploy_deployment_group.this.deployment_style).deployment_type == "BLUE_GREEN" &&
      one(aws_codedeploy_deployment_group.this.deployment_style).deployment_option == "WITH_TRAFFIC_CONTROL"
    )
    error_message = "CodeDeploy shifts traffic between versions (blue/green with traffic control)."
  }

  assert {
    condition = (
      one(aws_codedeploy_deployment_group.this.alarm_configuration).enabled &&
      contains(one(aws_codedeploy_deployment_group.this.alarm_configuration).alarms, aws_cloudwatch_metric_alarm.alias_errors.alarm_name)
    )
    error_message = "The deployment group watches the alias error alarm."
  }

  assert {
    condition = (
      one(aws_codedeploy_deployment_group.this.auto_rollback_configuration).enabled &&
      contains(one(aws_codedeploy_deployment_group.this.auto_rollback_configuration).events, "DEPLOYMENT_STOP_ON_ALARM") &&
      contains(one(aws_codedeploy_deployment_group.this.auto_rollback_configuration).events, "DEPLOYMENT_FAILURE")
    )
    error_message = "A deployment rolls back automatically on alarm and on failure."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.alias_errors.namespace == "AWS/Lambda" &&
      aws_cloudwatch_metric_alarm.alias_errors.metric_name == "Errors" &&
      aws_cloudwatch_metric_alarm.alias_errors.dimensions.Resource == "mlops-test-gateway:live" &&
      aws_cloudwatch_metric_alarm.alias_errors.threshold == 0 &&
      aws_cloudwatch_metric_alarm.alias_errors.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.alias_errors.evaluation_periods == 2 &&
      aws_cloudwatch_metric_alarm.alias_errors.period == 60
    )
    error_message = "The rollback alarm fires on any error of the live alias over 2 x 60 s."
  }

  assert {
    condition     = aws_lambda_alias.live.name == "live" && aws_lambda_alias.live.function_version == aws_lambda_function.this.version && aws_lambda_function.this.publish
    error_message = "The live alias points at a published version."
  }

  assert {
    condition     = aws_apigatewayv2_integration.this.integration_uri == aws_lambda_alias.live.invoke_arn && aws_lambda_permission.api.qualifier == "live"
    error_message = "API Gateway calls the live alias, not $LATEST."
  }

  assert {
    condition     = one(aws_codedeploy_deployment_group.this.trigger_configuration).trigger_target_arn == var.alerts_topic_arn
    error_message = "Deployment outcomes go to the alerts topic."
  }
}

run "all_at_once_releases_are_refused" {
  command = plan

  variables {
    deployment_config_name = "CodeDeployDefault.LambdaAllAtOnce"
  }

  expect_failures = [var.deployment_config_name]
}
