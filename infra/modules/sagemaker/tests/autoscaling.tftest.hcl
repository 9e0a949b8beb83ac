# Endpoint settings and autoscaling of the sagemaker module (mocked AWS provider).

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix          = "mlops-test"
  data_bucket_arn      = "arn:aws:s3:::mlops-test-data"
  artifacts_bucket_arn = "arn:aws:s3:::mlops-test-artifacts"
  capture_bucket_arn   = "arn:aws:s3:::mlops-test-capture"
  capture_s3_uri       = "s3://mlops-test-capture"
  kms_key_arn          = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  managed_endpoint_variants = {
    stable = { endpoint_name = "mlops-test-prod" }
  }
}

run "prod_autoscaling_defaults_are_min_2_max_10_at_750" {
  command = apply

  assert {
    condition = (
      output.settings["endpoints/prod/autoscaling-min-capacity"] == "2" &&
      output.settings["endpoints/prod/autoscaling-max-capacity"] == "10" &&
      output.settings["endpoints/prod/autoscaling-target-invocations-per-instance"] == "750"
    )
    error_message = "The prod stage scales between 2 and 10 instances at 750 invocations per instance."
  }

  assert {
    condition = (
      jsondecode(output.settings["endpoints/prod/autoscaling-policy"]).PredefinedMetricSpecification.PredefinedMetricType == "SageMakerVariantInvocationsPerInstance" &&
      jsondecode(output.settings["endpoints/prod/autoscaling-policy"]).TargetValue == 750 &&
      jsondecode(output.settings["endpoints/prod/autoscaling-policy"]).ScaleInCooldown == 60
    )
    error_message = "The stored policy is target tracking on SageMakerVariantInvocationsPerInstance at 750."
  }

  assert {
    condition = (
      aws_appautoscaling_target.this["stable"].min_capacity == 2 &&
      aws_appautoscaling_target.this["stable"].max_capacity == 10 &&
      aws_appautoscaling_target.this["stable"].resource_id == "endpoint/mlops-test-prod/variant/AllTraffic" &&
      aws_appautoscaling_target.this["stable"].scalable_dimension == "sagemaker:variant:DesiredInstanceCount"
    )
    error_message = "The managed scalable target uses the prod bounds on the variant's instance count."
  }

  assert {
    condition = (
      one(aws_appautoscaling_policy.this["stable"].target_tracking_scaling_policy_configuration).target_value == 750 &&
      one(one(aws_appautoscaling_policy.this["stable"].target_tracking_scaling_policy_configuration).predefined_metric_specification).predefined_metric_type == "SageMakerVariantInvocationsPerInstance"
    )
    error_message = "The managed policy tracks 750 invocations per instance."
  }

  assert {
    condition = (
      output.settings["endpoints/prod/instance-type"] == "ml.m5.large" &&
      output.settings["endpoints/prod/initial-instance-count"] == "2" &&
      output.settings["endpoints/prod/data-capture-sampling-percentage"] == "100"
    )
    error_message = "Prod runs 2 x ml.m5.large with 100 % data capture."
  }

  assert {
    condition     = output.settings["endpoints/dev/autoscaling-enabled"] == "false" && !contains(keys(output.settings), "endpoints/dev/autoscaling-policy")
    error_message = "The dev stage has no autoscaling."
  }

  assert {
    condition     = aws_ssm_parameter.this["endpoints/prod/autoscaling-max-capacity"].name == "/mlops-test/sagemaker/endpoints/prod/autoscaling-max-capacity"
    error_message = "Settings live under /<name_prefix>/sagemaker/."
  }

  assert {
    condition     = aws_ssm_parameter.this["execution-role-arn"].value == aws_iam_role.this.arn
    error_message = "The execution role ARN is published for the orchestrator."
  }
}

run "custom_bounds_reach_the_scalable_target" {
  command = apply

  variables {
    endpoint_stages = {
      dev = {
        instance_type                    = "ml.t2.medium"
        initial_instance_count           = 1
        data_capture_sampling_percentage = 0
        autoscaling                      = { enabled = false }
      }
      prod = {
        instance_type                    = "ml.c5.xlarge"
        initial_instance_count           = 3
        data_capture_sampling_percentage = 20
        autoscaling                      = { min_capacity = 3, max_capacity = 6, target_invocations_per_instance = 1200 }
      }
    }
  }

  assert {
    condition     = aws_appautoscaling_target.this["stable"].min_capacity == 3 && aws_appautoscaling_target.this["stable"].max_capacity == 6
    error_message = "The scalable target follows the configured bounds."
  }

  assert {
    condition     = jsondecode(output.autoscaling_policies["prod"]).TargetValue == 1200
    error_message = "The policy follows the configured target."
  }
}

run "max_below_min_is_refused" {
  command = plan

  variables {
    endpoint_stages = {
      dev = {
        instance_type                    = "ml.m5.large"
        initial_instance_count           = 1
        data_capture_sampling_percentage = 0
        autoscaling                      = { enabled = false }
      }
      prod = {
        instance_type                    = "ml.m5.large"
        initial_instance_count           = 2
        data_capture_sampling_percentage = 100
        autoscaling                      = { min_capacity = 4, max_capacity = 2 }
      }
    }
  }

  expect_failures = [var.endpoint_stages]
}

run "sampling_above_100_is_refused" {
  command = plan

  variables {
    endpoint_stages = {
      dev = {
        instance_type                    = "ml.m5.large"
        initial_instance_count           = 1
        data_capture_sampling_percentage = 0
        autoscaling                      = { enabled = false }
      }
      prod = {
        instance_type                    = "ml.m5.large"
        initial_instance_count           = 2
        data_capture_sampling_percentage = 150
        autoscaling                      = {}
      }
    }
  }

  expect_failures = [var.endpoint_stages]
}
