# What the services, CI and operators need. README.md maps each output to the setting that consumes it.

output "prediction_api_url" {
  description = "Public prediction API (`POST <url>/v1/predictions`)."
  value       = module.gateway.api_endpoint
}

output "admin_api_url" {
  description = "Orchestrator admin API through API Gateway (IAM or JWT auth, then the bearer token)."
  value       = module.orchestrator.admin_api_endpoint
}

output "admin_api_execution_arn" {
  description = "Grant `execute-api:Invoke` on `<arn>/*` to admin principals (IAM auth)."
  value       = module.orchestrator.admin_api_execution_arn
}

output "admin_token_secret_arn" {
  description = "Secret with the admin bearer token (`aws secretsmanager get-secret-value --secret-id <arn>`)."
  value       = try(module.cicd[0].admin_token_secret_arn, null)
}

output "data_bucket" {
  description = "Data bucket: upload datasets under `datasets/<name>/` to start a run."
  value       = module.storage.bucket_names["data"]
}

output "artifacts_bucket" {
  description = "Artifacts bucket: models, reports, `routing/policy.json`, gateway packages."
  value       = module.storage.bucket_names["artifacts"]
}

output "capture_bucket" {
  description = "Capture bucket: SageMaker data capture."
  value       = module.storage.bucket_names["capture"]
}

output "datasets_s3_uri" {
  description = "Where datasets go."
  value       = module.storage.datasets_s3_uri
}

output "routing_policy_s3_uri" {
  description = "Routing policy written by the orchestrator, read by the gateway."
  value       = module.storage.routing_policy_s3_uri
}

output "kms_key_arn" {
  description = "KMS key of the buckets and the alerts topic."
  value       = module.storage.kms_key_arn
}

output "queue_urls" {
  description = "Queue URLs by logical name (`pipeline-triggers`, `capture-events`, `gateway-metrics`)."
  value       = module.messaging.queue_urls
}

output "queue_names" {
  description = "Queue names by logical name (the services resolve queues by name)."
  value       = module.messaging.queue_names
}

output "queue_arns" {
  description = "Queue ARNs by logical name."
  value       = module.messaging.queue_arns
}

output "dlq_urls" {
  description = "Dead-letter queue URLs by logical name of their source queue."
  value       = module.messaging.dlq_urls
}

output "redrive_policies" {
  description = "Redrive policy of each queue (dead-letter target and receive limit)."
  value       = module.messaging.redrive_policies
}

output "dlq_arns" {
  description = "Dead-letter queue ARNs by logical name of their source queue."
  value       = module.messaging.dlq_arns
}

output "alerts_topic_arn" {
  description = "SNS alerts topic."
  value       = module.messaging.alerts_topic_arn
}

output "jdbc_url" {
  description = "`QUARKUS_DATASOURCE_JDBC_URL` of the orchestrator and the drift monitor."
  value       = module.state.jdbc_url
}

output "db_secret_arn" {
  description = "Secret with the database `username` and `password` (managed and rotated by RDS)."
  value       = module.state.master_user_secret_arn
}

output "db_scaling" {
  description = "Aurora Serverless v2 scaling (min 0 = pauses when idle)."
  value       = module.state.scaling
}

output "sagemaker_execution_role_arn" {
  description = "Role the orchestrator passes to SageMaker."
  value       = module.sagemaker.execution_role_arn
}

output "sagemaker_settings_path" {
  description = "SSM path of the endpoint and job settings the orchestrator reads."
  value       = module.sagemaker.ssm_parameter_path
}

output "sagemaker_settings" {
  description = "Those settings, by parameter name."
  value       = module.sagemaker.settings
}

output "sagemaker_scalable_targets" {
  description = "Endpoint variants whose autoscaling Terraform manages."
  value       = module.sagemaker.scalable_targets
}

output "model_image_repository_url" {
  description = "ECR repository of the model image."
  value       = module.sagemaker.ecr_repository_url
}

output "orchestrator_image_repository_url" {
  description = "ECR repository of the orchestrator image."
  value       = module.orchestrator.ecr_repository_url
}

output "drift_monitor_image_repository_url" {
  description = "ECR repository of the drift monitor image."
  value       = module.drift_monitor.ecr_repository_url
}

output "orchestrator_environment" {
  description = "Environment of the orchestrator container (plus secrets QUARKUS_DATASOURCE_USERNAME/PASSWORD, MLOPS_ADMIN_TOKEN)."
  value       = module.orchestrator.environment
}

output "drift_monitor_environment" {
  description = "Environment of the drift monitor container (plus secrets QUARKUS_DATASOURCE_USERNAME/PASSWORD)."
  value       = module.drift_monitor.environment
}

output "gateway_environment" {
  description = "Environment of the gateway function."
  value       = module.gateway.environment
}

output "gateway_function_name" {
  description = "Gateway Lambda function."
  value       = module.gateway.function_name
}

output "gateway_function_version" {
  description = "Version this apply published (CI canaries the `live` alias to it)."
  value       = module.gateway.function_version
}

output "gateway_codedeploy" {
  description = "CodeDeploy application and deployment group of gateway canaries."
  value = {
    application_name       = module.gateway.codedeploy_app_name
    deployment_group_name  = module.gateway.codedeploy_deployment_group_name
    deployment_config_name = module.gateway.deployment_config_name
    rollback_alarm_names   = module.gateway.rollback_alarm_names
    auto_rollback_events   = module.gateway.auto_rollback_events
  }
}

output "ecs_cluster_name" {
  description = "ECS cluster of the services."
  value       = module.cluster.cluster_name
}

output "service_names" {
  description = "ECS services."
  value       = { orchestrator = module.orchestrator.service_name, drift_monitor = module.drift_monitor.service_name }
}

output "dashboard_url" {
  description = "CloudWatch dashboard."
  value       = module.monitoring.dashboard_url
}

output "pipeline_name" {
  description = "CodePipeline of this environment."
  value       = try(module.cicd[0].pipeline_name, null)
}

output "repository_connection_arn" {
  description = "Repository connection; a new one must be confirmed once in the console."
  value       = try(module.cicd[0].connection_arn, null)
}

output "iam_policies" {
  description = "Every inline IAM policy of the stack, by name (JSON), for review and tests."
  value = merge(
    module.network.iam_policies,
    module.sagemaker.iam_policies,
    module.orchestrator.iam_policies,
    module.drift_monitor.iam_policies,
    module.gateway.iam_policies,
    try(module.cicd[0].iam_policies, {}),
  )
}

output "bucket_public_access_blocks" {
  description = "Public access block of every bucket of the stack, by bucket role (`cicd-artifacts` for the pipeline's)."
  value = merge(
    module.storage.public_access_blocks,
    var.enable_cicd ? { "cicd-artifacts" = module.cicd[0].public_access_block } : {},
  )
}

output "bucket_encryption" {
  description = "Default encryption of every bucket of the stack, by bucket role (`cicd-artifacts` for the pipeline's)."
  value = merge(
    module.storage.encryption,
    var.enable_cicd ? { "cicd-artifacts" = module.cicd[0].encryption } : {},
  )
}
