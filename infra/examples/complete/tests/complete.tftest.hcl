mock_provider "aws" {
  source = "../../tests/mocks"
}

run "every_option_on" {
  command = plan

  assert {
    condition = (
      output.sagemaker_scalable_targets["stable"].resource_id == "endpoint/mlops-example-prod-stable/variant/AllTraffic" &&
      output.sagemaker_scalable_targets["stable"].min_capacity == 2 &&
      output.sagemaker_scalable_targets["stable"].max_capacity == 6
    )
    error_message = "The stable prod endpoint scales within the configured 2..6."
  }

  assert {
    condition     = jsondecode(output.sagemaker_settings["endpoints/prod/autoscaling-policy"]).TargetValue == 900 && jsondecode(output.sagemaker_settings["endpoints/prod/autoscaling-policy"]).ScaleInCooldown == 300
    error_message = "The stored policy carries the configured target and cool-down."
  }

  assert {
    condition     = !contains(keys(output.gateway_environment), "JAVA_TOOL_OPTIONS") && output.gateway_environment.DISABLE_SIGNAL_HANDLERS == "true"
    error_message = "The native gateway gets the native environment."
  }
}
