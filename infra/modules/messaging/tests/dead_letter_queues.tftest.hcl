# Every queue of the messaging module has a dead-letter queue (mocked AWS provider).

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

run "every_queue_has_a_dead_letter_queue" {
  command = apply

  assert {
    condition     = toset(keys(aws_sqs_queue.this)) == toset(["pipeline-triggers", "capture-events", "gateway-metrics"])
    error_message = "The default queues must be exactly pipeline-triggers, capture-events and gateway-metrics."
  }

  assert {
    condition     = toset(keys(aws_sqs_queue.dlq)) == toset(keys(aws_sqs_queue.this))
    error_message = "Every queue needs its own dead-letter queue."
  }

  assert {
    condition = alltrue([
      for k, q in aws_sqs_queue.this :
      try(jsondecode(q.redrive_policy).deadLetterTargetArn, "") == aws_sqs_queue.dlq[k].arn
    ])
    error_message = "Every queue's redrive policy must target its dead-letter queue."
  }

  assert {
    condition = alltrue([
      for k, q in aws_sqs_queue.this :
      try(jsondecode(q.redrive_policy).deadLetterTargetArn, "") != q.arn
    ])
    error_message = "A queue must not dead-letter into itself."
  }

  assert {
    condition = alltrue([
      for q in aws_sqs_queue.this : try(jsondecode(q.redrive_policy).maxReceiveCount, 0) >= 1
    ])
    error_message = "Every redrive policy needs a receive limit of at least 1."
  }

  assert {
    condition = alltrue([
      for k, p in aws_sqs_queue_redrive_allow_policy.dlq :
      jsondecode(p.redrive_allow_policy).redrivePermission == "byQueue" &&
      jsondecode(p.redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.this[k].arn]
    ])
    error_message = "Each DLQ must accept dead letters only from its own source queue."
  }

  assert {
    condition     = aws_sqs_queue.this["pipeline-triggers"].name == "mlops-test-pipeline-triggers" && aws_sqs_queue.dlq["pipeline-triggers"].name == "mlops-test-pipeline-triggers-dlq"
    error_message = "Queues are named <name_prefix>-<queue> and <name_prefix>-<queue>-dlq."
  }

  assert {
    condition     = alltrue([for q in concat(values(aws_sqs_queue.this), values(aws_sqs_queue.dlq)) : q.sqs_managed_sse_enabled])
    error_message = "Every queue must be encrypted at rest."
  }

  assert {
    condition     = alltrue([for q in values(aws_sqs_queue.dlq) : q.message_retention_seconds >= max([for s in values(aws_sqs_queue.this) : s.message_retention_seconds]...)])
    error_message = "Dead letters must be kept at least as long as the messages of their source queue."
  }

  assert {
    condition     = output.redrive_policies["capture-events"].deadLetterTargetArn == output.dlq_arns["capture-events"]
    error_message = "The redrive_policies output must show the redrive to the DLQ."
  }
}

run "a_queue_without_receive_limit_is_refused" {
  command = plan

  variables {
    queues = {
      "pipeline-triggers" = { max_receive_count = 0 }
      "capture-events"    = {}
      "gateway-metrics"   = {}
    }
  }

  expect_failures = [var.queues]
}

run "the_queues_the_services_read_cannot_be_dropped" {
  command = plan

  variables {
    queues = {
      "pipeline-triggers" = {}
      "capture-events"    = {}
    }
  }

  expect_failures = [var.queues]
}
