# The gateway function: runtimes, API, least privilege (mocked AWS provider).

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

run "jvm_runtime_uses_snapstart_outside_the_vpc" {
  command = apply

  assert {
    condition     = aws_lambda_function.this.runtime == "java21" && one(aws_lambda_function.this.snap_start).apply_on == "PublishedVersions"
    error_message = "The JVM build runs on java21 with SnapStart."
  }

  assert {
    condition     = length(aws_lambda_function.this.vpc_config) == 0
    error_message = "The gateway stays out of the VPC."
  }

  assert {
    condition = (
      one(aws_apigatewayv2_stage.this.default_route_settings).throttling_burst_limit == 200 &&
      one(aws_apigatewayv2_stage.this.default_route_settings).throttling_rate_limit == 100
    )
    error_message = "The API is throttled."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables.MLOPS_GATEWAY_ROUTING_KEY == "routing/policy.json" && aws_lambda_function.this.environment[0].variables.MLOPS_GATEWAY_ROUTING_BUCKET == "mlops-test-artifacts" && aws_lambda_function.this.environment[0].variables.MLOPS_GATEWAY_METRICS_QUEUE == "mlops-test-gateway-metrics" && aws_lambda_function.this.environment[0].variables.MLOPS_AWS_REGION == "eu-west-1"
    error_message = "The function learns where the routing policy and the metrics queue are."
  }
}

run "native_runtime_on_provided_al2023" {
  command = apply

  variables {
    runtime = "native"
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && length(aws_lambda_function.this.snap_start) == 0
    error_message = "The native build runs on provided.al2023 without SnapStart."
  }
}

run "function_role_is_least_privilege" {
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
    condition = (
      one([for s in jsondecode(output.iam_policies["mlops-test-gateway"]).Statement : s.Resource if s.Sid == "ReadRoutingPolicyAndSchemas"]) == [
        "arn:aws:s3:::mlops-test-artifacts/routing/policy.json",
        "arn:aws:s3:::mlops-test-artifacts/endpoints/*.json",
        "arn:aws:s3:::mlops-test-artifacts/models/*/schema.json",
      ] &&
      one([for s in jsondecode(output.iam_policies["mlops-test-gateway"]).Statement : s.Resource if s.Sid == "InvokeProjectEndpoints"]) == ["arn:aws:sagemaker:eu-west-1:123456789012:endpoint/mlops-test-*"] &&
      one([for s in jsondecode(output.iam_policies["mlops-test-gateway"]).Statement : s.Resource if s.Sid == "SendWindowAggregates"]) == [var.gateway_metrics_queue.arn]
    )
    error_message = "The gateway reads only the routing policy, manifests and schemas, invokes only the project's endpoints and sends only to gateway-metrics."
  }
}

run "unknown_runtime_is_refused" {
  command = plan

  variables {
    runtime = "python"
  }

  expect_failures = [var.runtime]
}
