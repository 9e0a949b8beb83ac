# Shared defaults for `mock_provider "aws" { source = ".../tests/mocks" }`.
#
# A mock provider invents random strings for computed attributes. Where such a value feeds an argument the
# provider checks (an ARN, a JSON policy, a URL), or where a test compares it, it gets a well-formed default
# here. Tests that must tell two resources of one type apart add `override_resource` blocks of their own.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/mock"
    user_id    = "AIDAMOCKUSERID"
  }
}

mock_data "aws_region" {
  defaults = {
    name        = "eu-west-1"
    id          = "eu-west-1"
    description = "Europe (Ireland)"
    endpoint    = "ec2.eu-west-1.amazonaws.com"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
    id                 = "aws"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
  }
}

mock_data "aws_secretsmanager_random_password" {
  defaults = {
    random_password = "mock-admin-token-0123456789abcdefghijklmnop"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn       = "arn:aws:iam::123456789012:role/mock-role"
    unique_id = "AROAMOCKROLEID"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    key_id = "11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_kms_alias" {
  defaults = {
    arn            = "arn:aws:kms:eu-west-1:123456789012:alias/mock"
    target_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock-queue"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-queue"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:mock-topic"
    id  = "arn:aws:sns:eu-west-1:123456789012:mock-topic"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::mock-bucket"
    bucket_domain_name          = "mock-bucket.s3.amazonaws.com"
    bucket_regional_domain_name = "mock-bucket.s3.eu-west-1.amazonaws.com"
    region                      = "eu-west-1"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/mock"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mock"
    registry_id    = "123456789012"
  }
}

mock_resource "aws_ssm_parameter" {
  defaults = {
    arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/mock"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-AbCdEf"
    id  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-AbCdEf"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock"
  }
}

mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mock"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn                  = "arn:aws:lambda:eu-west-1:123456789012:function:mock"
    invoke_arn           = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock/invocations"
    qualified_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:mock:1"
    qualified_invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock:1/invocations"
    version              = "1"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:mock:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock:live/invocations"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    id            = "a1b2c3d4e5"
    api_endpoint  = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
    arn           = "arn:aws:apigateway:eu-west-1::/apis/a1b2c3d4e5"
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
  }
}

mock_resource "aws_apigatewayv2_stage" {
  defaults = {
    arn           = "arn:aws:apigateway:eu-west-1::/apis/a1b2c3d4e5/stages/$default"
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/$default"
    invoke_url    = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/"
  }
}

mock_resource "aws_vpc" {
  defaults = {
    id                        = "vpc-0123456789abcdef0"
    arn                       = "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0123456789abcdef0"
    default_security_group_id = "sg-0default000000000"
    default_route_table_id    = "rtb-0default000000000"
    main_route_table_id       = "rtb-0main00000000000"
  }
}

mock_resource "aws_subnet" {
  defaults = {
    id  = "subnet-0123456789abcdef0"
    arn = "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0123456789abcdef0"
  }
}

mock_resource "aws_security_group" {
  defaults = {
    id  = "sg-0123456789abcdef0"
    arn = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    id  = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock"
    arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock"
  }
}

mock_resource "aws_ecs_task_definition" {
  defaults = {
    arn                  = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock:1"
    arn_without_revision = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock"
    revision             = 1
  }
}

mock_resource "aws_service_discovery_private_dns_namespace" {
  defaults = {
    id          = "ns-mock0000000000000"
    arn         = "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-mock0000000000000"
    hosted_zone = "Z0MOCKZONE"
  }
}

mock_resource "aws_service_discovery_service" {
  defaults = {
    id  = "srv-mock0000000000000"
    arn = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-mock0000000000000"
  }
}

mock_resource "aws_rds_cluster" {
  defaults = {
    arn             = "arn:aws:rds:eu-west-1:123456789012:cluster:mock"
    endpoint        = "mock.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com"
    reader_endpoint = "mock.cluster-ro-abcdefghijkl.eu-west-1.rds.amazonaws.com"
    port            = 5432
    master_user_secret = [{
      kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-mock-AbCdEf"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_codestarconnections_connection" {
  defaults = {
    arn = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/11111111-2222-3333-4444-555555555555"
    id  = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_codebuild_project" {
  defaults = {
    arn = "arn:aws:codebuild:eu-west-1:123456789012:project/mock"
  }
}

mock_resource "aws_codepipeline" {
  defaults = {
    arn = "arn:aws:codepipeline:eu-west-1:123456789012:mock"
  }
}

mock_resource "aws_codedeploy_app" {
  defaults = {
    arn = "arn:aws:codedeploy:eu-west-1:123456789012:application:mock"
  }
}

mock_resource "aws_codedeploy_deployment_group" {
  defaults = {
    arn = "arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mock/mock"
  }
}

mock_resource "aws_apigatewayv2_vpc_link" {
  defaults = {
    id  = "vl0mock"
    arn = "arn:aws:apigateway:eu-west-1::/vpclinks/vl0mock"
  }
}

mock_resource "aws_apigatewayv2_authorizer" {
  defaults = {
    id = "auth0mock"
  }
}

mock_resource "aws_apigatewayv2_integration" {
  defaults = {
    id = "integ0mock"
  }
}
