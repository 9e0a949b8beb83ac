################################################################################
# CodePipeline role
################################################################################

resource "aws_iam_role" "codepipeline" {
  name        = "${local.name}-pipeline"
  description = "${local.name}: CodePipeline"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codepipeline.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "codepipeline" {
  name   = "pipeline"
  role   = aws_iam_role.codepipeline.id
  policy = local.codepipeline_policy
}

################################################################################
# CodeBuild role: its own needs inline; deploying the stack needs the policies in deploy_policy_arns
################################################################################

resource "aws_iam_role" "codebuild" {
  name        = "${local.name}-build"
  description = "${local.name}: CodeBuild (tests, images, terraform apply)"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "codebuild" {
  name   = "build"
  role   = aws_iam_role.codebuild.id
  policy = local.codebuild_policy
}

resource "aws_iam_role_policy_attachment" "deploy" {
  for_each = toset(var.deploy_policy_arns)

  role       = aws_iam_role.codebuild.name
  policy_arn = each.value
}

locals {
  codebuild_project_arn = "arn:${local.partition}:codebuild:${local.region}:${local.account_id}:project/${local.name}"

  codepipeline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "ArtifactBucket"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:GetBucketVersioning", "s3:GetBucketLocation"]
        Resource = [local.artifact_bucket_arn, "${local.artifact_bucket_arn}/*"]
      },
      {
        # The pipeline key, and the alerts topic's key for approval notifications.
        Sid      = "ArtifactKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = concat([aws_kms_key.this.arn], var.kms_key_arns)
      },
      {
        Sid      = "UseRepositoryConnection"
        Effect   = "Allow"
        Action   = ["codestar-connections:UseConnection", "codeconnections:UseConnection"]
        Resource = [local.connection_arn]
      },
      {
        Sid      = "RunBuild"
        Effect   = "Allow"
        Action   = ["codebuild:StartBuild", "codebuild:BatchGetBuilds"]
        Resource = [local.codebuild_project_arn]
      },
      ],
      var.alerts_topic_arn == null ? [] : [{
        Sid      = "ApprovalNotification"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [var.alerts_topic_arn]
      }],
    )
  })

  codebuild_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteBuildLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
      },
      {
        Sid      = "PipelineArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]
        Resource = ["${local.artifact_bucket_arn}/*"]
      },
      {
        Sid      = "BuildKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = concat([aws_kms_key.this.arn], var.kms_key_arns)
      },
      {
        # GetAuthorizationToken has no resource-level permissions.
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid    = "PushImages"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages",
          "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
        ]
        Resource = [for r in values(var.image_repositories) : r.arn]
      },
      {
        Sid      = "UploadGatewayPackage"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion"]
        Resource = ["${var.gateway_package.bucket_arn}/${var.gateway_package.key_prefix}*"]
      },
      {
        Sid      = "TerraformState"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = ["arn:${local.partition}:s3:::${var.terraform_state.bucket}", "arn:${local.partition}:s3:::${var.terraform_state.bucket}/${var.terraform_state.key}*"]
      },
      {
        Sid    = "CanaryTheGateway"
        Effect = "Allow"
        Action = ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:GetDeploymentConfig", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"]
        Resource = [
          "arn:${local.partition}:codedeploy:${local.region}:${local.account_id}:application:${var.gateway_codedeploy.application_name}",
          "arn:${local.partition}:codedeploy:${local.region}:${local.account_id}:deploymentgroup:${var.gateway_codedeploy.application_name}/${var.gateway_codedeploy.deployment_group_name}",
          "arn:${local.partition}:codedeploy:${local.region}:${local.account_id}:deploymentconfig:*",
        ]
      },
      {
        Sid      = "ReadGatewayAlias"
        Effect   = "Allow"
        Action   = ["lambda:GetAlias", "lambda:GetFunction"]
        Resource = ["arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.name_prefix}-*"]
      },
      {
        Sid      = "SendSourceChangeEvent"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
        Resource = [var.pipeline_triggers_queue.arn]
      },
    ]
  })

  iam_policies = {
    "${local.name}-pipeline" = local.codepipeline_policy
    "${local.name}-build"    = local.codebuild_policy
  }
}
