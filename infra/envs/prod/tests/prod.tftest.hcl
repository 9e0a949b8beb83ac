# prod's own settings, as planned for the real root (mocked provider).

mock_provider "aws" {
  source = "../../tests/mocks"
}

run "prod_settings" {
  command = plan

  assert {
    condition = (
      output.sagemaker_settings["endpoints/prod/autoscaling-min-capacity"] == "2" &&
      output.sagemaker_settings["endpoints/prod/autoscaling-max-capacity"] == "10" &&
      output.sagemaker_settings["endpoints/prod/autoscaling-target-invocations-per-instance"] == "750" &&
      output.sagemaker_settings["endpoints/prod/initial-instance-count"] == "2" &&
      output.sagemaker_settings["endpoints/prod/instance-type"] == "ml.m5.large" &&
      output.sagemaker_settings["endpoints/prod/data-capture-sampling-percentage"] == "100"
    )
    error_message = "prod serves from 2 x ml.m5.large with 100 % capture, scaling 2..10 at 750 invocations per instance."
  }

  assert {
    condition     = output.db_scaling.min_capacity == 0.5 && output.db_scaling.max_capacity == 8
    error_message = "prod's database keeps a 0.5 ACU floor and may grow to 8 ACU."
  }

  assert {
    condition     = output.gateway_codedeploy.deployment_config_name == "CodeDeployDefault.LambdaCanary10Percent5Minutes"
    error_message = "prod gateway releases are canaries."
  }
}
