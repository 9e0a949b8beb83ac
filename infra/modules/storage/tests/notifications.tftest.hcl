# S3 -> SQS notifications of the storage module (mocked AWS provider).

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix = "mlops-test"
  datasets_notification_queue = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-pipeline-triggers"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-pipeline-triggers"
  }
  capture_notification_queue = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mlops-test-capture-events"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mlops-test-capture-events"
  }
}

run "datasets_and_capture_notify_their_queues" {
  command = apply

  assert {
    condition = (
      one(aws_s3_bucket_notification.data[0].queue).queue_arn == var.datasets_notification_queue.arn &&
      one(aws_s3_bucket_notification.data[0].queue).filter_prefix == "datasets/" &&
      contains(one(aws_s3_bucket_notification.data[0].queue).events, "s3:ObjectCreated:*")
    )
    error_message = "New objects under datasets/ in the data bucket must notify pipeline-triggers."
  }

  assert {
    condition     = aws_s3_bucket_notification.data[0].bucket == aws_s3_bucket.this["data"].id
    error_message = "The datasets notification belongs on the data bucket."
  }

  assert {
    condition = (
      one(aws_s3_bucket_notification.capture[0].queue).queue_arn == var.capture_notification_queue.arn &&
      one(aws_s3_bucket_notification.capture[0].queue).filter_suffix == ".jsonl" &&
      aws_s3_bucket_notification.capture[0].bucket == aws_s3_bucket.this["capture"].id
    )
    error_message = "New capture files (.jsonl) in the capture bucket must notify capture-events."
  }

  assert {
    condition = (
      jsondecode(aws_sqs_queue_policy.datasets[0].policy).Statement[0].Principal.Service == "s3.amazonaws.com" &&
      jsondecode(aws_sqs_queue_policy.datasets[0].policy).Statement[0].Condition.ArnEquals["aws:SourceArn"] == "arn:aws:s3:::${aws_s3_bucket.this["data"].bucket}"
    )
    error_message = "pipeline-triggers must accept S3 events from the data bucket only."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_policy.capture[0].policy).Statement[0].Condition.ArnEquals["aws:SourceArn"] == "arn:aws:s3:::${aws_s3_bucket.this["capture"].bucket}"
    error_message = "capture-events must accept S3 events from the capture bucket only."
  }

  assert {
    condition     = length([for r in aws_s3_bucket_lifecycle_configuration.this["capture"].rule : r if r.id == "expire-captured-data"]) == 1
    error_message = "Captured data must expire."
  }
}

run "datasets_prefix_must_be_a_folder" {
  command = plan

  variables {
    datasets_prefix = "datasets"
  }

  expect_failures = [var.datasets_prefix]
}
