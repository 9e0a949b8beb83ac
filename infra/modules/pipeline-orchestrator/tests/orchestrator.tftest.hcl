mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix                    = "mlops-test"
  cluster_arn                    = "arn:aws:ecs:eu-west-1:123456789012:cluster/mlops-test"
  vpc_id                         = "vpc-0123456789abcdef0"
  subnet_ids                     = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  service_discovery_namespace_id = "ns-mock0000000000000"
  jdbc_url                       = "jdbc:postgresql://db.example:5432/mlops"
  db_secret_arn                  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-AbCdEf"
  admin_token_secret_arn         = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mlops-test-admin-token-AbCdEf"
  data_bucket_name               = "mlops-test-data"
  data_bucket_arn                = "arn:aws:s3:::mlops-test-data"
  artifacts_bucket_name          = "mlops-test-artifacts"
  artifacts_bucket_arn           = "arn:aws:s3:::mlops-test-artifacts"
  capture_bucket_name            = "mlops-test-capture"
  capture_bucket_arn             = "arn:aws:s3:::mlops-test-capture"
  kms_key_arns                   = ["arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
  pipeline_triggers_queue = {
    arn  = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-pipeline-triggers"
    url  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-pipeline-triggers"
    name = "mlops-test-pipeline-triggers"
  }
  gateway_metrics_queue = {
    arn  = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-gateway-metrics"
    url  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-gateway-metrics"
    name = "mlops-test-gateway-metrics"
  }
  sagemaker_settings = {
    "training-instance-type"                          = "ml.m5.xlarge"
    "processing-instance-type"                        = "ml.m5.large"
    "endpoints/dev/instance-type"                     = "ml.t2.medium"
    "endpoints/dev/initial-instance-count"            = "1"
    "endpoints/prod/instance-type"                    = "ml.m5.large"
    "endpoints/prod/initial-instance-count"           = "2"
    "endpoints/prod/data-capture-sampling-percentage" = "100"
  }
  alerts_topic_arn             = "arn:aws:sns:eu-west-1:123456789012:mlops-test-alerts"
  sagemaker_execution_role_arn = "arn:aws:iam::123456789012:role/mlops-test-sagemaker-execution"
  model_image_uri              = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mlops-test-model:latest"
  sagemaker_settings_path      = "/mlops-test/sagemaker"
  sagemaker_settings_path_arn  = "arn:aws:ssm:eu-west-1:123456789012:parameter/mlops-test/sagemaker/*"
}

run "admin_api_behind_iam_by_default" {
  command = apply

  assert {
    condition     = aws_apigatewayv2_route.this.authorization_type == "AWS_IAM"
    error_message = "Admin routes require SigV4 (IAM) by default."
  }

  assert {
    condition     = aws_apigatewayv2_integration.this.connection_type == "VPC_LINK" && aws_apigatewayv2_integration.this.integration_uri == module.service.service_discovery_service_arn
    error_message = "The admin API reaches the tasks privately through the VPC link and Cloud Map."
  }

  assert {
    condition     = one(aws_apigatewayv2_stage.this.default_route_settings).throttling_rate_limit == 10
    error_message = "The admin API is throttled."
  }

  assert {
    condition     = output.container_definition.portMappings[0].containerPort == 8081 && output.environment.QUARKUS_HTTP_PORT == "8081"
    error_message = "The orchestrator listens on 8081."
  }

  assert {
    condition = (
      output.environment.QUARKUS_HTTP_HOST == "0.0.0.0" &&
      output.environment.QUARKUS_DATASOURCE_JDBC_URL == "jdbc:postgresql://db.example:5432/mlops?currentSchema=orchestrator" &&
      output.environment.QUARKUS_FLYWAY_SCHEMAS == "orchestrator"
    )
    error_message = "The service listens beyond loopback and keeps its tables in its own schema."
  }

  assert {
    condition = (
      output.environment.MLOPS_PROJECT == "mlops-test" &&
      output.environment.MLOPS_AWS_REGION == "eu-west-1" &&
      output.environment.MLOPS_QUEUES_TRIGGERS == "mlops-test-pipeline-triggers" &&
      output.environment.MLOPS_QUEUES_GATEWAY_METRICS == "mlops-test-gateway-metrics" &&
      output.environment.MLOPS_BUCKETS_DATA == "mlops-test-data" &&
      output.environment.MLOPS_BUCKETS_DATASETS_PREFIX == "datasets/" &&
      output.environment.MLOPS_TRAINING_ROLE_ARN == var.sagemaker_execution_role_arn &&
      output.environment.MLOPS_TRAINING_IMAGE == var.model_image_uri
    )
    error_message = "OrchestratorConfig's settings (project, region, queues by name, buckets, role, image) reach the container."
  }

  assert {
    condition = (
      output.environment.MLOPS_TRAINING_INSTANCE_TYPE == "ml.m5.xlarge" &&
      output.environment.MLOPS_DEPLOY_DEV_INSTANCE_TYPE == "ml.t2.medium" &&
      output.environment.MLOPS_DEPLOY_PROD_INSTANCE_COUNT == "2" &&
      output.environment.MLOPS_DEPLOY_CAPTURE_SAMPLING_PERCENTAGE == "100"
    )
    error_message = "Job and endpoint sizes come from the sagemaker settings."
  }

  assert {
    condition = (
      contains([for s in output.container_definition.secrets : s.name], "QUARKUS_DATASOURCE_PASSWORD") &&
      contains([for s in output.container_definition.secrets : s.name], "MLOPS_ADMIN_TOKEN") &&
      !contains(keys(output.environment), "QUARKUS_DATASOURCE_PASSWORD")
    )
    error_message = "The database password and the admin token come from Secrets Manager, never plain environment."
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
    condition = alltrue([
      for r in one([for s in jsondecode(output.iam_policies["mlops-test-orchestrator-task"]).Statement : s.Resource if s.Sid == "DriveSageMaker"]) :
      endswith(r, "/mlops-test-*")
    ])
    error_message = "SageMaker calls are limited to the project's resources."
  }

  assert {
    condition = (
      one([for s in jsondecode(output.iam_policies["mlops-test-orchestrator-task"]).Statement : s if s.Sid == "PassExecutionRoleToSageMaker"]).Resource == [var.sagemaker_execution_role_arn] &&
      one([for s in jsondecode(output.iam_policies["mlops-test-orchestrator-task"]).Statement : s if s.Sid == "PassExecutionRoleToSageMaker"]).Condition.StringEquals["iam:PassedToService"] == "sagemaker.amazonaws.com"
    )
    error_message = "The orchestrator may pass only the execution role, and only to SageMaker."
  }
}

run "jwt_auth_when_configured" {
  command = apply

  variables {
    admin_api_auth = {
      type         = "JWT"
      jwt_issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example"
      jwt_audience = ["mlops-admin"]
    }
  }

  assert {
    condition     = aws_apigatewayv2_route.this.authorization_type == "JWT" && aws_apigatewayv2_route.this.authorizer_id == aws_apigatewayv2_authorizer.jwt[0].id
    error_message = "JWT auth puts the authorizer on the admin routes."
  }

  assert {
    condition     = one(aws_apigatewayv2_authorizer.jwt[0].jwt_configuration).issuer == var.admin_api_auth.jwt_issuer
    error_message = "The authorizer trusts the configured issuer."
  }
}

run "jwt_without_issuer_is_refused" {
  command = plan

  variables {
    admin_api_auth = { type = "JWT" }
  }

  expect_failures = [var.admin_api_auth]
}

run "no_auth_is_not_an_option" {
  command = plan

  variables {
    admin_api_auth = { type = "NONE" }
  }

  expect_failures = [var.admin_api_auth]
}
