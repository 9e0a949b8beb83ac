mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix = "mlops-test"
  azs         = ["eu-west-1a", "eu-west-1b"]
}

run "private_subnets_in_two_azs_with_one_nat" {
  command = apply

  assert {
    condition     = length(aws_subnet.private) == 2 && toset(aws_subnet.private[*].availability_zone) == toset(var.azs)
    error_message = "Two private subnets, one in each AZ."
  }

  assert {
    condition     = alltrue([for s in concat(aws_subnet.private, aws_subnet.public) : !s.map_public_ip_on_launch])
    error_message = "No subnet gives public IPs to what starts in it."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_route.private_nat_gateway) == 2
    error_message = "One NAT gateway, routed from every private subnet."
  }

  assert {
    condition     = length(coalesce(aws_default_security_group.this.ingress, [])) == 0 && length(coalesce(aws_default_security_group.this.egress, [])) == 0
    error_message = "The default security group must have no rules."
  }

  assert {
    condition     = aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway"
    error_message = "S3 traffic goes through the gateway endpoint."
  }
}

run "nat_per_az_when_asked" {
  command = apply

  variables {
    single_nat_gateway = false
    enable_flow_log    = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 2
    error_message = "One NAT gateway per AZ."
  }

  assert {
    condition     = aws_flow_log.this[0].traffic_type == "REJECT"
    error_message = "The flow log records rejected traffic."
  }
}

run "one_az_is_refused" {
  command = plan

  variables {
    azs = ["eu-west-1a"]
  }

  expect_failures = [var.azs]
}
