mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix      = "mlops-test"
  environment_name = "dev"
  terraform_root   = "infra/envs/dev"
  terraform_state  = { bucket = "mlops-tfstate-123456789012", key = "mlops/dev.tfstate" }
  repository       = "example/mlops"
  image_repositories = {
    model         = { url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mlops-test-model", arn = "arn:aws:ecr:eu-west-1:123456789012:repository/mlops-test-model" }
    orchestrator  = { url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mlops-test-orchestrator", arn = "arn:aws:ecr:eu-west-1:123456789012:repository/mlops-test-orchestrator" }
    drift_monitor = { url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mlops-test-drift-monitor", arn = "arn:aws:ecr:eu-west-1:123456789012:repository/mlops-test-drift-monitor" }
  }
  gateway_package    = { bucket_name = "mlops-test-artifacts", bucket_arn = "arn:aws:s3:::mlops-test-artifacts" }
  gateway_codedeploy = { application_name = "mlops-test-gateway", deployment_group_name = "mlops-test-gateway-live" }
  pipeline_triggers_queue = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-pipeline-triggers"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-pipeline-triggers"
  }
  alerts_topic_arn = "arn:aws:sns:eu-west-1:123456789012:mlops-test-alerts"
}

run "buildspec_tests_builds_applies_and_notifies" {
  command = apply

  assert {
    condition = alltrue([
      for step in [
        "./mlops test", "docker push \"$MODEL_REPOSITORY_URL:$TAG\"", "docker push \"$ORCHESTRATOR_REPOSITORY_URL:$TAG\"",
        "terraform -chdir=\"$TF_ROOT\" apply", "aws deploy create-deployment", "aws sqs send-message --queue-url \"$PIPELINE_TRIGGERS_QUEUE_URL\"",
        "type: \"source-change\"",
      ] : strcontains(output.buildspec, step)
    ])
    error_message = "The buildspec runs ./mlops test, pushes the images, applies Terraform, canaries the gateway and sends a source-change event."
  }

  assert {
    condition = (
      length(regexall("\\./mlops test", output.buildspec)) == 1 &&
      strcontains(output.buildspec, "./mlops test") &&
      index(split("\n", output.buildspec), "      - ./mlops test") < index(split("\n", output.buildspec), "      - terraform -chdir=\"$TF_ROOT\" apply -input=false -auto-approve -var \"image_tag=$TAG\" -var \"gateway_package_s3_key=$GATEWAY_KEY\"")
    )
    error_message = "Tests run before anything is applied."
  }

  assert {
    condition     = output.build_environment.PIPELINE_TRIGGERS_QUEUE_URL == var.pipeline_triggers_queue.url && output.build_environment.TF_ROOT == "infra/envs/dev"
    error_message = "The build knows the queue and the Terraform root."
  }

  assert {
    condition     = [for s in aws_codepipeline.this.stage : s.name] == ["Source", "BuildAndDeploy"]
    error_message = "Source, then build and deploy (no approval in dev)."
  }

  assert {
    condition     = one(aws_codepipeline.this.stage[0].action).configuration.ConnectionArn == aws_codestarconnections_connection.this[0].arn
    error_message = "The source comes through the CodeStar connection."
  }

  assert {
    condition     = one(aws_codepipeline.this.artifact_store).encryption_key[0].id == aws_kms_key.this.arn && aws_kms_key.this.enable_key_rotation
    error_message = "Pipeline artifacts are encrypted with the pipeline's rotating KMS key."
  }

  assert {
    condition     = aws_secretsmanager_secret.admin_token.kms_key_id == aws_kms_key.this.arn && length(aws_secretsmanager_secret_version.admin_token.secret_string) >= 32
    error_message = "The admin token is a generated secret, encrypted with the pipeline key."
  }
}

run "artifact_bucket_is_private_and_encrypted" {
  command = apply

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy &&
      aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    )
    error_message = "The artifact bucket blocks all public access."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      one(r.apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" &&
      one(r.apply_server_side_encryption_by_default).kms_master_key_id == aws_kms_key.this.arn
    ])
    error_message = "The artifact bucket uses SSE-KMS."
  }
}

run "roles_are_least_privilege" {
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
    condition     = length(aws_iam_role_policy_attachment.deploy) == 0
    error_message = "No deployer policy is attached unless one is chosen."
  }
}

run "prod_pipeline_waits_for_approval" {
  command = apply

  variables {
    environment_name = "prod"
    terraform_root   = "infra/envs/prod"
    require_approval = true
  }

  assert {
    condition     = [for s in aws_codepipeline.this.stage : s.name] == ["Source", "Approve", "BuildAndDeploy"]
    error_message = "Prod deployments wait for a manual approval."
  }
}
