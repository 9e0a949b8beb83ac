data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  ssm_path = coalesce(var.ssm_parameter_path, "/${var.name_prefix}/sagemaker")

  # What PutScalingPolicy takes as TargetTrackingScalingPolicyConfiguration, per pipeline stage.
  autoscaling_policies = {
    for stage, s in var.endpoint_stages : stage => jsonencode({
      TargetValue = s.autoscaling.target_invocations_per_instance
      PredefinedMetricSpecification = {
        PredefinedMetricType = "SageMakerVariantInvocationsPerInstance"
      }
      ScaleInCooldown  = s.autoscaling.scale_in_cooldown
      ScaleOutCooldown = s.autoscaling.scale_out_cooldown
      DisableScaleIn   = false
    }) if s.autoscaling.enabled
  }

  general_settings = {
    "execution-role-arn"       = aws_iam_role.this.arn
    "image-uri"                = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"
    "training-instance-type"   = var.training_instance_type
    "processing-instance-type" = var.processing_instance_type
    "data-capture-s3-uri"      = var.capture_s3_uri
    "kms-key-arn"              = coalesce(var.kms_key_arn, "none")
    "endpoint-name-prefix"     = var.name_prefix
  }

  stage_settings = merge([
    for stage, s in var.endpoint_stages : merge(
      {
        "endpoints/${stage}/instance-type"                    = s.instance_type
        "endpoints/${stage}/initial-instance-count"           = tostring(s.initial_instance_count)
        "endpoints/${stage}/data-capture-sampling-percentage" = tostring(s.data_capture_sampling_percentage)
        "endpoints/${stage}/autoscaling-enabled"              = tostring(s.autoscaling.enabled)
      },
      s.autoscaling.enabled ? {
        "endpoints/${stage}/autoscaling-min-capacity"                    = tostring(s.autoscaling.min_capacity)
        "endpoints/${stage}/autoscaling-max-capacity"                    = tostring(s.autoscaling.max_capacity)
        "endpoints/${stage}/autoscaling-target-invocations-per-instance" = tostring(s.autoscaling.target_invocations_per_instance)
        "endpoints/${stage}/autoscaling-scale-in-cooldown"               = tostring(s.autoscaling.scale_in_cooldown)
        "endpoints/${stage}/autoscaling-scale-out-cooldown"              = tostring(s.autoscaling.scale_out_cooldown)
        "endpoints/${stage}/autoscaling-policy"                          = local.autoscaling_policies[stage]
      } : {}
    )
  ]...)

  settings = merge(local.general_settings, local.stage_settings)
}

################################################################################
# Model image repository
################################################################################

resource "aws_ecr_repository" "this" {
  name                 = "${var.name_prefix}-model"
  image_tag_mutability = var.image_tag_mutability
  force_delete         = var.force_delete_repository

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = var.kms_key_arn == null ? "AES256" : "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Drop untagged images after 7 days"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 7 }
        action       = { type = "expire" }
      },
      {
        # Registered model versions reference their image: keep enough to roll back.
        rulePriority = 2
        description  = "Keep the newest ${var.images_to_keep} images"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.images_to_keep }
        action       = { type = "expire" }
      },
    ]
  })
}

################################################################################
# Endpoint and job settings the orchestrator reads (GetParametersByPath on ssm_parameter_path)
################################################################################

resource "aws_ssm_parameter" "this" {
  for_each = local.settings

  name        = "${local.ssm_path}/${each.key}"
  description = "${var.name_prefix}: SageMaker setting read by the pipeline orchestrator"
  type        = "String"
  tier        = length(each.value) > 4096 ? "Advanced" : "Standard"
  value       = each.value

  tags = var.tags
}

################################################################################
# Autoscaling of endpoints with stable names (optional)
#
# The orchestrator creates endpoints at run time (a new one per deployed version) and applies the stage's
# autoscaling itself: RegisterScalableTarget with the stage's min/max, then PutScalingPolicy with the
# `autoscaling-policy` parameter as TargetTrackingScalingPolicyConfiguration. Endpoints whose name does not
# change can instead be listed in `managed_endpoint_variants`, and Terraform owns their scaling here.
################################################################################

resource "aws_appautoscaling_target" "this" {
  for_each = var.managed_endpoint_variants

  service_namespace  = "sagemaker"
  resource_id        = "endpoint/${each.value.endpoint_name}/variant/${each.value.variant_name}"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  min_capacity       = var.endpoint_stages[each.value.stage].autoscaling.min_capacity
  max_capacity       = var.endpoint_stages[each.value.stage].autoscaling.max_capacity

  tags = var.tags

  lifecycle {
    precondition {
      condition     = contains(keys(local.autoscaling_policies), each.value.stage)
      error_message = "Endpoint variant ${each.key} uses stage ${each.value.stage}, which has no autoscaling enabled."
    }
  }
}

resource "aws_appautoscaling_policy" "this" {
  for_each = var.managed_endpoint_variants

  name               = "${each.value.endpoint_name}-${each.value.variant_name}-invocations-per-instance"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.endpoint_stages[each.value.stage].autoscaling.target_invocations_per_instance
    scale_in_cooldown  = var.endpoint_stages[each.value.stage].autoscaling.scale_in_cooldown
    scale_out_cooldown = var.endpoint_stages[each.value.stage].autoscaling.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
  }
}
