data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  ecs_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })

  execution_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          # GetAuthorizationToken has no resource-level permissions.
          Sid      = "EcrLogin"
          Effect   = "Allow"
          Action   = ["ecr:GetAuthorizationToken"]
          Resource = "*"
        },
        {
          Sid      = "PullImage"
          Effect   = "Allow"
          Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
          Resource = var.image == null ? [aws_ecr_repository.this[0].arn] : var.image_repository_arns
        },
        {
          Sid      = "WriteLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
        },
      ],
      length(local.secret_arns) == 0 ? [] : [{
        Sid      = "InjectSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = local.secret_arns
      }],
      length(var.secret_kms_key_arns) == 0 ? [] : [{
        Sid       = "DecryptSecrets"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = var.secret_kms_key_arns
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      }],
    )
  })

  # Statements of the task policy that allow every action (or every action of a service) on every resource.
  task_policy_admin_statements = [
    for s in try(jsondecode(var.task_policy_json).Statement, []) : s
    if try(s.Effect, "") == "Allow" &&
    anytrue([for a in flatten([try(s.Action, [])]) : a == "*" || endswith(a, ":*")]) &&
    contains(flatten([try(s.Resource, [])]), "*")
  ]

  iam_policies = {
    "${var.name}-execution" = local.execution_policy
    "${var.name}-task"      = var.task_policy_json
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  description        = "${var.name}: ECS pulls the image, writes logs, injects secrets"
  assume_role_policy = local.ecs_trust

  tags = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "ecs-task-execution"
  role   = aws_iam_role.execution.id
  policy = local.execution_policy
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  description        = "${var.name}: what the application may do"
  assume_role_policy = local.ecs_trust

  tags = var.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "application"
  role   = aws_iam_role.task.id
  policy = var.task_policy_json

  lifecycle {
    precondition {
      condition     = length(local.task_policy_admin_statements) == 0
      error_message = "The task policy of ${var.name} allows all actions on all resources; grant the actions and resources the service uses."
    }
  }
}
