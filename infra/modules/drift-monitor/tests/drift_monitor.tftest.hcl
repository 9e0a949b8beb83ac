mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix = "mlops-test"
  cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mlops-test"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  # The read API is registered in Cloud Map.
  service_discovery_namespace_id = "ns-mock0000000000000"
  jdbc_url                       = "jdbc:postgresql://db.example:5432/mlops"
  db_secret_arn                  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-AbCdEf"
  capture_events_queue = {
    arn  = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-capture-events"
    url  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-capture-events"
    name = "mlops-test-capture-events"
  }
  pipeline_triggers_queue = {
    arn  = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-pipeline-triggers"
    url  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-pipeline-triggers"
    name = "mlops-test-pipeline-triggers"
  }
  alerts_topic_arn      = "arn:aws:sns:eu-west-1:123456789012:mlops-test-alerts"
  capture_bucket_arn    = "arn:aws:s3:::mlops-test-capture"
  artifacts_bucket_name = "mlops-test-artifacts"
  artifacts_bucket_arn  = "arn:aws:s3:::mlops-test-artifacts"
}

run "consumes_capture_events_on_8082" {
  command = apply

  assert {
    condition     = output.container_definition.portMappings[0].containerPort == 8082 && output.environment.QUARKUS_HTTP_PORT == "8082"
    error_message = "The drift monitor listens on 8082."
  }

  assert {
    condition = (
      output.environment.MLOPS_QUEUES_CAPTURE_EVENTS == "mlops-test-capture-events" &&
      output.environment.MLOPS_QUEUES_PIPELINE_TRIGGERS == "mlops-test-pipeline-triggers" &&
      output.environment.MLOPS_BUCKETS_ARTIFACTS == "mlops-test-artifacts" &&
      output.environment.MLOPS_BUCKETS_MONITORING_PREFIX == "monitoring/" &&
      output.environment.MLOPS_ALERTS_TOPIC_ARN == var.alerts_topic_arn
    )
    error_message = "The queues (by name, as DriftMonitorConfig reads them), the report location and the topic reach the container."
  }

  assert {
    condition = (
      output.environment.QUARKUS_HTTP_HOST == "0.0.0.0" &&
      output.environment.QUARKUS_DATASOURCE_JDBC_URL == "jdbc:postgresql://db.example:5432/mlops?currentSchema=drift" &&
      output.environment.QUARKUS_FLYWAY_SCHEMAS == "drift"
    )
    error_message = "The service listens beyond loopback and keeps its tables in its own schema."
  }
}

run "task_role_is_least_privilege" {
  command = apply

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iam_policies : [
        for s in jsondecode(doc).Statement : !(
          s.Effect == "Allow" &&
          anytrue([for a in flatten([s.Action]) : a == "*" || endswith(a, ":*")]) &&
          contains(flatten([s.Resource]), "*")
        )
      ]
    ]))
    error_message = "No IAM statement may allow all actions (or all actions of a service) on all resources."
  }

  assert {
    condition = alltrue(flatten([
      for s in jsondecode(output.iam_policies["mlops-test-drift-monitor-task"]).Statement : [
        for a in flatten([s.Action]) : !startswith(a, "sagemaker:") && a != "iam:PassRole"
      ]
    ]))
    error_message = "The drift monitor has no business with SageMaker or IAM."
  }

  assert {
    condition     = one([for s in jsondecode(output.iam_policies["mlops-test-drift-monitor-task"]).Statement : s.Resource if s.Sid == "WriteMonitoringReports"]) == ["arn:aws:s3:::mlops-test-artifacts/monitoring/*"]
    error_message = "The drift monitor writes only under monitoring/."
  }
}
