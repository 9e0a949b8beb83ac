# The SNS alerts topic of the messaging module (mocked AWS provider).

mock_provider "aws" {
  source = "../../tests/mocks"
}

# Distinct ARNs for source queues and dead-letter queues, so a redrive that pointed at the wrong queue would show.
override_resource {
  target = aws_sqs_queue.this
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock-source-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-source-queue"
  }
}

override_resource {
  target = aws_sqs_queue.dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock-dead-letter-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-dead-letter-queue"
  }
}

variables {
  name_prefix  = "mlops-test"
  alert_emails = ["ops@example.com"]
}

run "alerts_topic_and_email_subscription" {
  command = apply

  assert {
    condition     = aws_sns_topic.this.name == "mlops-test-alerts"
    error_message = "The alerts topic is named <name_prefix>-alerts."
  }

  assert {
    condition     = aws_sns_topic_subscription.email["ops@example.com"].protocol == "email" && aws_sns_topic_subscription.email["ops@example.com"].topic_arn == aws_sns_topic.this.arn
    error_message = "Each alert e-mail address must be subscribed to the alerts topic."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_sns_topic_policy.this.policy).Statement :
      try(s.Principal.AWS, "") != "*" && try(s.Principal, "") != "*"
    ])
    error_message = "The topic policy must not allow anonymous principals."
  }
}
