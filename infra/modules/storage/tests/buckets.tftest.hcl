# Every bucket of the storage module is private, KMS-encrypted and versioned (mocked AWS provider).

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

run "every_bucket_is_private_encrypted_and_versioned" {
  command = apply

  assert {
    condition     = toset(keys(aws_s3_bucket.this)) == toset(["data", "artifacts", "capture"])
    error_message = "The module creates the data, artifacts and capture buckets."
  }

  assert {
    condition     = toset(keys(aws_s3_bucket_public_access_block.this)) == toset(keys(aws_s3_bucket.this))
    error_message = "Every bucket needs a public access block."
  }

  assert {
    condition = alltrue([
      for p in values(aws_s3_bucket_public_access_block.this) :
      p.block_public_acls && p.block_public_policy && p.ignore_public_acls && p.restrict_public_buckets
    ])
    error_message = "Every bucket must block public ACLs and policies, ignore public ACLs and restrict public buckets."
  }

  assert {
    condition     = toset(keys(aws_s3_bucket_server_side_encryption_configuration.this)) == toset(keys(aws_s3_bucket.this))
    error_message = "Every bucket needs default encryption."
  }

  assert {
    condition = alltrue(flatten([
      for e in values(aws_s3_bucket_server_side_encryption_configuration.this) : [
        for r in e.rule : [
          for d in r.apply_server_side_encryption_by_default :
          d.sse_algorithm == "aws:kms" && d.kms_master_key_id == aws_kms_key.this[0].arn
        ]
      ]
    ]))
    error_message = "Every bucket must use SSE-KMS with the module's key."
  }

  assert {
    condition     = aws_kms_key.this[0].enable_key_rotation
    error_message = "The KMS key must rotate."
  }

  assert {
    condition     = alltrue([for v in values(aws_s3_bucket_versioning.this) : one(v.versioning_configuration).status == "Enabled"])
    error_message = "Every bucket must be versioned."
  }

  assert {
    condition     = alltrue([for o in values(aws_s3_bucket_ownership_controls.this) : one(o.rule).object_ownership == "BucketOwnerEnforced"])
    error_message = "ACLs must be disabled (BucketOwnerEnforced) on every bucket."
  }

  assert {
    condition = alltrue([
      for p in values(aws_s3_bucket_policy.this) : anytrue([
        for s in jsondecode(p.policy).Statement :
        s.Effect == "Deny" && s.Condition.Bool["aws:SecureTransport"] == "false"
      ])
    ])
    error_message = "Every bucket policy must deny requests without TLS."
  }

  assert {
    condition = alltrue(flatten([
      for p in values(aws_s3_bucket_policy.this) : [
        for s in jsondecode(p.policy).Statement : s.Effect == "Deny" if try(s.Principal, null) == "*"
      ]
    ]))
    error_message = "No bucket policy may allow anonymous principals."
  }

  assert {
    condition     = aws_s3_bucket.this["data"].bucket == "mlops-test-data-123456789012-eu-west-1"
    error_message = "Bucket names are <name_prefix>-<role>-<account>-<region>."
  }

  assert {
    condition     = output.routing_policy_s3_uri == "s3://mlops-test-artifacts-123456789012-eu-west-1/routing/policy.json"
    error_message = "The routing policy lives at routing/policy.json in the artifacts bucket."
  }
}

run "a_given_key_is_used_and_none_created" {
  command = apply

  variables {
    kms_key_arn                 = "arn:aws:kms:eu-west-1:123456789012:key/99999999-8888-7777-6666-555555555555"
    datasets_notification_queue = null
    capture_notification_queue  = null
  }

  assert {
    condition     = length(aws_kms_key.this) == 0
    error_message = "No key is created when one is given."
  }

  assert {
    condition     = alltrue([for k, e in output.encryption : e.sse_algorithm == "aws:kms" && e.kms_master_key_id == var.kms_key_arn])
    error_message = "The given key must encrypt every bucket."
  }

  assert {
    condition     = length(aws_s3_bucket_notification.data) == 0 && length(aws_sqs_queue_policy.datasets) == 0
    error_message = "Without a queue there is no notification and no queue policy."
  }
}
