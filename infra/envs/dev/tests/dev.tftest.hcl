# dev's own settings, as planned for the real root (mocked provider).

mock_provider "aws" {
  source = "../../tests/mocks"
}

run "dev_settings" {
  command = plan

  assert {
    condition = (
      output.sagemaker_settings["endpoints/prod/autoscaling-min-capacity"] == "1" &&
      output.sagemaker_settings["endpoints/prod/autoscaling-max-capacity"] == "2" &&
      output.sagemaker_settings["endpoints/dev/instance-type"] == "ml.t2.medium"
    )
    error_message = "dev keeps endpoints small: 1..2 instances for its prod stage, ml.t2.medium for its dev stage."
  }

  assert {
    condition     = output.db_scaling.min_capacity == 0 && output.db_scaling.seconds_until_auto_pause == 600
    error_message = "dev's database pauses when idle."
  }
}
