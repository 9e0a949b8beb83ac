# The whole stack under a mocked AWS provider: properties that must hold across every module.

mock_provider "aws" {
  source = "../tests/mocks"
}

# Tell source queues and dead-letter queues apart, so a redrive to the wrong queue would show.
override_resource {
  target = module.messaging.aws_sqs_queue.this
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock-source-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-source-queue"
  }
}

override_resource {
  target = module.messaging.aws_sqs_queue.dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock-dead-letter-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-dead-letter-queue"
  }
}

variables {
  name_prefix      = "mlops-test"
  environment_name = "test"
  alert_emails     = ["ops@example.com"]
  network          = { azs = ["eu-west-1a", "eu-west-1b"] }
  cicd = {
    repository      = "example/mlops"
    terraform_root  = "infra/envs/test"
    terraform_state = { bucket = "mlops-tfstate-123456789012", key = "mlops/test.tfstate" }
  }
}

run "stack_properties" {
  command = apply

  # --- every queue has a dead letter queue ---
  assert {
    condition     = toset(keys(output.queue_arns)) == toset(["pipeline-triggers", "capture-events", "gateway-metrics"])
    error_message = "The stack has the pipeline-triggers, capture-events and gateway-metrics queues."
  }

  assert {
    condition = alltrue([
      for k, _ in output.queue_arns :
      try(output.redrive_policies[k].deadLetterTargetArn == output.dlq_arns[k], false) &&
      try(output.redrive_policies[k].deadLetterTargetArn != output.queue_arns[k], false) &&
      try(output.redrive_policies[k].maxReceiveCount >= 1, false)
    ])
    error_message = "Every queue must redrive to its own dead-letter queue after a bounded number of receives."
  }

  # --- every bucket is private and kms encrypted ---
  assert {
    condition     = toset(keys(output.bucket_public_access_blocks)) == toset(["data", "artifacts", "capture", "cicd-artifacts"])
    error_message = "All four buckets of the stack are checked."
  }

  assert {
    condition = alltrue([
      for k, p in output.bucket_public_access_blocks :
      p.block_public_acls && p.block_public_policy && p.ignore_public_acls && p.restrict_public_buckets
    ])
    error_message = "Every bucket must block all public access."
  }

  assert {
    condition = alltrue([
      for k, e in output.bucket_encryption : e.sse_algorithm == "aws:kms" && startswith(e.kms_master_key_id, "arn:aws:kms:")
    ])
    error_message = "Every bucket must use SSE-KMS with a customer key."
  }

  # --- no policy grants everything ---
  assert {
    condition     = length(output.iam_policies) >= 8
    error_message = "The policies of every role of the stack are collected."
  }

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
    error_message = "No IAM statement in the stack may allow all actions (or all actions of a service) on all resources."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in output.iam_policies : [for s in jsondecode(doc).Statement : !can(s.NotAction) && !can(s.NotResource)]
    ]))
    error_message = "No IAM statement may use NotAction or NotResource."
  }

  # --- gateway releases are canaries with rollback ---
  assert {
    condition     = output.gateway_codedeploy.deployment_config_name == "CodeDeployDefault.LambdaCanary10Percent5Minutes"
    error_message = "Gateway releases are 10 % canaries for 5 minutes."
  }

  assert {
    condition = (
      contains(output.gateway_codedeploy.rollback_alarm_names, "mlops-test-gateway-live-errors") &&
      contains(output.gateway_codedeploy.rollback_alarm_names, "mlops-test-prediction-api-5xx") &&
      contains(output.gateway_codedeploy.auto_rollback_events, "DEPLOYMENT_STOP_ON_ALARM")
    )
    error_message = "Alias errors and API 5xx alarms roll a release back automatically."
  }

  # --- prod stage autoscaling is 2 to 10 at 750 ---
  assert {
    condition = (
      output.sagemaker_settings["endpoints/prod/autoscaling-min-capacity"] == "2" &&
      output.sagemaker_settings["endpoints/prod/autoscaling-max-capacity"] == "10" &&
      jsondecode(output.sagemaker_settings["endpoints/prod/autoscaling-policy"]).TargetValue == 750 &&
      jsondecode(output.sagemaker_settings["endpoints/prod/autoscaling-policy"]).PredefinedMetricSpecification.PredefinedMetricType == "SageMakerVariantInvocationsPerInstance"
    )
    error_message = "The prod stage scales 2..10 on SageMakerVariantInvocationsPerInstance at 750."
  }

  # --- services are wired to the right resources ---
  assert {
    condition = (
      output.orchestrator_environment.MLOPS_QUEUES_TRIGGERS == output.queue_names["pipeline-triggers"] &&
      output.orchestrator_environment.MLOPS_QUEUES_GATEWAY_METRICS == output.queue_names["gateway-metrics"] &&
      output.drift_monitor_environment.MLOPS_QUEUES_CAPTURE_EVENTS == output.queue_names["capture-events"] &&
      output.drift_monitor_environment.MLOPS_QUEUES_PIPELINE_TRIGGERS == output.queue_names["pipeline-triggers"] &&
      output.gateway_environment.MLOPS_GATEWAY_METRICS_QUEUE == output.queue_names["gateway-metrics"]
    )
    error_message = "Each service reads and writes the queues the design says."
  }

  assert {
    condition = (
      "s3://${output.gateway_environment.MLOPS_GATEWAY_ROUTING_BUCKET}/${output.gateway_environment.MLOPS_GATEWAY_ROUTING_KEY}" == output.routing_policy_s3_uri &&
      "s3://${output.orchestrator_environment.MLOPS_BUCKETS_ARTIFACTS}/routing/policy.json" == output.routing_policy_s3_uri &&
      output.drift_monitor_environment.MLOPS_BUCKETS_ARTIFACTS == output.artifacts_bucket
    )
    error_message = "The orchestrator writes the routing policy (routing/policy.json in its artifacts bucket) where the gateway reads it."
  }

  assert {
    condition = (
      output.orchestrator_environment.MLOPS_TRAINING_ROLE_ARN == output.sagemaker_execution_role_arn &&
      output.orchestrator_environment.MLOPS_SAGEMAKER_SETTINGS_PATH == output.sagemaker_settings_path &&
      output.orchestrator_environment.MLOPS_DEPLOY_PROD_INSTANCE_COUNT == output.sagemaker_settings["endpoints/prod/initial-instance-count"] &&
      output.orchestrator_environment.MLOPS_DEPLOY_CAPTURE_SAMPLING_PERCENTAGE == "100"
    )
    error_message = "The orchestrator knows the SageMaker role, its settings and the prod endpoint sizes."
  }

  assert {
    condition = (
      startswith(output.orchestrator_environment.QUARKUS_DATASOURCE_JDBC_URL, output.jdbc_url) &&
      startswith(output.drift_monitor_environment.QUARKUS_DATASOURCE_JDBC_URL, output.jdbc_url) &&
      output.orchestrator_environment.QUARKUS_FLYWAY_SCHEMAS != output.drift_monitor_environment.QUARKUS_FLYWAY_SCHEMAS
    )
    error_message = "Both stateful services use the Aurora database, each in its own schema."
  }

  assert {
    condition     = output.db_scaling.min_capacity == 0
    error_message = "Aurora scales to zero by default."
  }
}

run "without_cicd_there_is_no_pipeline" {
  command = plan

  variables {
    enable_cicd = false
  }

  assert {
    condition     = output.pipeline_name == null && output.admin_token_secret_arn == null && !contains(keys(output.bucket_public_access_blocks), "cicd-artifacts")
    error_message = "enable_cicd = false leaves the pipeline out."
  }
}
