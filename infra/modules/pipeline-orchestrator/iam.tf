# What the orchestrator may do: exactly the calls its pipeline, registry, canary and trigger code make.

locals {
  task_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid    = "ConsumeTriggersAndGatewayMetrics"
          Effect = "Allow"
          Action = [
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
            "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
          ]
          Resource = [var.pipeline_triggers_queue.arn, var.gateway_metrics_queue.arn]
        },
        {
          # POST /admin/runs and the schedule enqueue triggers like any other source.
          Sid      = "EnqueueTriggers"
          Effect   = "Allow"
          Action   = ["sqs:SendMessage"]
          Resource = [var.pipeline_triggers_queue.arn]
        },
        {
          Sid      = "ListBuckets"
          Effect   = "Allow"
          Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
          Resource = [var.data_bucket_arn, var.artifacts_bucket_arn, var.capture_bucket_arn]
        },
        {
          Sid      = "ReadDatasetsAndCapture"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:GetObjectVersion"]
          Resource = ["${var.data_bucket_arn}/*", "${var.capture_bucket_arn}/*"]
        },
        {
          # Artifacts, reports and the routing policy (routing/policy.json).
          Sid      = "ReadWriteArtifacts"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
          Resource = ["${var.artifacts_bucket_arn}/*"]
        },
        {
          Sid    = "DriveSageMaker"
          Effect = "Allow"
          Action = [
            "sagemaker:CreateProcessingJob", "sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob",
            "sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob",
            "sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:DeleteModel",
            "sagemaker:CreateEndpointConfig", "sagemaker:DescribeEndpointConfig", "sagemaker:DeleteEndpointConfig",
            "sagemaker:CreateEndpoint", "sagemaker:DescribeEndpoint", "sagemaker:UpdateEndpoint",
            "sagemaker:UpdateEndpointWeightsAndCapacities", "sagemaker:DeleteEndpoint",
            "sagemaker:InvokeEndpoint",
            "sagemaker:CreateModelPackageGroup", "sagemaker:DescribeModelPackageGroup",
            "sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage", "sagemaker:UpdateModelPackage",
            "sagemaker:AddTags", "sagemaker:ListTags",
          ]
          Resource = local.sagemaker_resources
        },
        {
          # List calls have no resource-level permissions.
          Sid    = "ListSageMaker"
          Effect = "Allow"
          Action = [
            "sagemaker:ListEndpoints", "sagemaker:ListTrainingJobs", "sagemaker:ListProcessingJobs",
            "sagemaker:ListModels", "sagemaker:ListEndpointConfigs", "sagemaker:ListModelPackages",
          ]
          Resource = "*"
        },
        {
          Sid      = "PassExecutionRoleToSageMaker"
          Effect   = "Allow"
          Action   = ["iam:PassRole"]
          Resource = [var.sagemaker_execution_role_arn]
          Condition = {
            StringEquals = { "iam:PassedToService" = "sagemaker.amazonaws.com" }
          }
        },
        {
          # The orchestrator applies the stage's target tracking to each endpoint it creates
          # (RegisterScalableTarget + PutScalingPolicy with the settings in SSM). These calls have no
          # resource-level permissions; the service namespace condition keeps them to SageMaker.
          Sid    = "ScaleEndpointVariants"
          Effect = "Allow"
          Action = [
            "application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
            "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy",
            "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
          ]
          Resource = "*"
        },
        {
          # Target tracking creates and deletes its own CloudWatch alarms on the caller's behalf.
          Sid    = "TargetTrackingAlarms"
          Effect = "Allow"
          Action = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"]
          Resource = [
            "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:TargetTracking-endpoint/${var.name_prefix}-*",
          ]
        },
        {
          Sid      = "DescribeAlarms"
          Effect   = "Allow"
          Action   = ["cloudwatch:DescribeAlarms"]
          Resource = "*"
        },
        {
          Sid      = "AutoscalingServiceLinkedRole"
          Effect   = "Allow"
          Action   = ["iam:CreateServiceLinkedRole"]
          Resource = ["arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/*"]
          Condition = {
            StringEquals = { "iam:AWSServiceName" = "sagemaker.application-autoscaling.amazonaws.com" }
          }
        },
        {
          Sid      = "ReadSageMakerSettings"
          Effect   = "Allow"
          Action   = ["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter"]
          Resource = [var.sagemaker_settings_path_arn, trimsuffix(var.sagemaker_settings_path_arn, "/*")]
        },
        {
          Sid      = "ReadJobLogs"
          Effect   = "Allow"
          Action   = ["logs:GetLogEvents", "logs:DescribeLogStreams", "logs:FilterLogEvents"]
          Resource = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/sagemaker/*"]
        },
        {
          Sid      = "NotifyAlerts"
          Effect   = "Allow"
          Action   = ["sns:Publish"]
          Resource = [var.alerts_topic_arn]
        },
        {
          # PutMetricData has no resource-level permissions; the namespace condition scopes it.
          Sid       = "PublishPipelineMetrics"
          Effect    = "Allow"
          Action    = ["cloudwatch:PutMetricData"]
          Resource  = "*"
          Condition = { StringEquals = { "cloudwatch:namespace" = var.metrics_namespace } }
        },
      ],
      # Both only when there are keys (an empty Resource list is invalid).
      [for s in [
        {
          Sid      = "UseDataKeys"
          Effect   = "Allow"
          Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
          Resource = var.kms_key_arns
        },
        {
          # Endpoint configs and jobs that name a KMS key (data capture, volumes) make SageMaker ask for a grant.
          Sid       = "GrantKeysToSageMaker"
          Effect    = "Allow"
          Action    = ["kms:CreateGrant"]
          Resource  = var.kms_key_arns
          Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
        },
      ] : s if length(var.kms_key_arns) > 0],
    )
  })
}
