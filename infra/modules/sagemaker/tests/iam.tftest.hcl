# The SageMaker execution role is least privilege (mocked AWS provider).

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

run "execution_role_is_least_privilege" {
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
      for name, doc in output.iam_policies : [
        for s in jsondecode(doc).Statement : s.Sid == "EcrLogin" || s.Sid == "PublishSageMakerMetrics" if contains(flatten([s.Resource]), "*")
      ]
    ]))
    error_message = "Only actions without resource-level permissions may use Resource \"*\"."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "sagemaker.amazonaws.com"
    error_message = "Only SageMaker assumes the execution role."
  }
}
