mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name                           = "mlops-test-orchestrator"
  discovery_name                 = "orchestrator"
  cluster_arn                    = "arn:aws:ecs:eu-west-1:123456789012:cluster/mlops-test"
  vpc_id                         = "vpc-0123456789abcdef0"
  subnet_ids                     = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  enable_service_discovery       = true
  service_discovery_namespace_id = "ns-mock0000000000000"
  container_port                 = 8081
  environment                    = { QUARKUS_HTTP_PORT = "8081" }
  secrets = {
    QUARKUS_DATASOURCE_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-AbCdEf:password::"
    QUARKUS_DATASOURCE_USERNAME = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-AbCdEf:username::"
  }
  task_policy_json = <<-EOT
    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage"],"Resource":["arn:aws:sqs:eu-west-1:123456789012:q"]}]}
  EOT
}

run "fargate_service_in_private_subnets" {
  command = apply

  assert {
    condition     = !one(aws_ecs_service.this.network_configuration).assign_public_ip
    error_message = "Tasks get no public IP."
  }

  assert {
    condition     = one(aws_ecs_service.this.deployment_circuit_breaker).enable && one(aws_ecs_service.this.deployment_circuit_breaker).rollback
    error_message = "Failed deployments roll back."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings[0].containerPort == 8081
    error_message = "The container port is the service port."
  }

  assert {
    condition     = one(aws_ecs_service.this.service_registries).container_port == 8081
    error_message = "The SRV record carries the service port."
  }

  assert {
    condition = (
      one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "InjectSecrets"]) == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-AbCdEf"]
    )
    error_message = "The execution role may read exactly the injected secrets (ARN without the JSON key)."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.https.from_port == 443 && aws_vpc_security_group_egress_rule.https.to_port == 443
    error_message = "Egress is HTTPS only (plus what extra groups add)."
  }
}

run "an_admin_task_policy_is_refused" {
  command = plan

  variables {
    task_policy_json = <<-EOT
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
    EOT
  }

  expect_failures = [aws_iam_role_policy.task]
}

run "a_service_wide_wildcard_on_everything_is_refused" {
  command = plan

  variables {
    task_policy_json = <<-EOT
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["*"]}]}
    EOT
  }

  expect_failures = [aws_iam_role_policy.task]
}
