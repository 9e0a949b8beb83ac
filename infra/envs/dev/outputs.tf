# Pass-through of the stack's outputs: what the services, CI (`terraform output -raw ...`) and operators read.

output "prediction_api_url" {
  description = "Public prediction API (`POST <url>/v1/predictions`)."
  value       = module.mlops.prediction_api_url
}

output "admin_api_url" {
  description = "Orchestrator admin API (IAM/JWT at API Gateway, then the bearer token)."
  value       = module.mlops.admin_api_url
}

output "admin_token_secret_arn" {
  description = "Secret with the admin bearer token."
  value       = module.mlops.admin_token_secret_arn
}

output "data_bucket" {
  description = "Data bucket (datasets under `datasets/<name>/`)."
  value       = module.mlops.data_bucket
}

output "datasets_s3_uri" {
  description = "Upload a dataset here to start a run."
  value       = module.mlops.datasets_s3_uri
}

output "artifacts_bucket" {
  description = "Artifacts bucket."
  value       = module.mlops.artifacts_bucket
}

output "capture_bucket" {
  description = "Capture bucket."
  value       = module.mlops.capture_bucket
}

output "routing_policy_s3_uri" {
  description = "Routing policy object."
  value       = module.mlops.routing_policy_s3_uri
}

output "queue_names" {
  description = "Queue names by logical name."
  value       = module.mlops.queue_names
}

output "queue_urls" {
  description = "Queue URLs by logical name."
  value       = module.mlops.queue_urls
}

output "dlq_urls" {
  description = "Dead-letter queue URLs by logical name of their source queue."
  value       = module.mlops.dlq_urls
}

output "alerts_topic_arn" {
  description = "SNS alerts topic."
  value       = module.mlops.alerts_topic_arn
}

output "jdbc_url" {
  description = "`QUARKUS_DATASOURCE_JDBC_URL`."
  value       = module.mlops.jdbc_url
}

output "db_secret_arn" {
  description = "Database credentials secret (`username`, `password`)."
  value       = module.mlops.db_secret_arn
}

output "db_scaling" {
  description = "Aurora Serverless v2 scaling."
  value       = module.mlops.db_scaling
}

output "sagemaker_execution_role_arn" {
  description = "Role passed to SageMaker."
  value       = module.mlops.sagemaker_execution_role_arn
}

output "sagemaker_settings_path" {
  description = "SSM path of the SageMaker settings."
  value       = module.mlops.sagemaker_settings_path
}

output "sagemaker_settings" {
  description = "The SageMaker settings by parameter name."
  value       = module.mlops.sagemaker_settings
}

output "model_image_repository_url" {
  description = "ECR repository of the model image."
  value       = module.mlops.model_image_repository_url
}

output "orchestrator_image_repository_url" {
  description = "ECR repository of the orchestrator image."
  value       = module.mlops.orchestrator_image_repository_url
}

output "drift_monitor_image_repository_url" {
  description = "ECR repository of the drift monitor image."
  value       = module.mlops.drift_monitor_image_repository_url
}

output "orchestrator_environment" {
  description = "Environment of the orchestrator container."
  value       = module.mlops.orchestrator_environment
}

output "drift_monitor_environment" {
  description = "Environment of the drift monitor container."
  value       = module.mlops.drift_monitor_environment
}

output "gateway_environment" {
  description = "Environment of the gateway function."
  value       = module.mlops.gateway_environment
}

output "gateway_function_name" {
  description = "Gateway Lambda function (CI reads it)."
  value       = module.mlops.gateway_function_name
}

output "gateway_function_version" {
  description = "Version published by this apply (CI canaries the alias to it)."
  value       = module.mlops.gateway_function_version
}

output "gateway_codedeploy" {
  description = "CodeDeploy application, group, configuration and rollback alarms of gateway releases."
  value       = module.mlops.gateway_codedeploy
}

output "ecs_cluster_name" {
  description = "ECS cluster."
  value       = module.mlops.ecs_cluster_name
}

output "service_names" {
  description = "ECS services."
  value       = module.mlops.service_names
}

output "dashboard_url" {
  description = "CloudWatch dashboard."
  value       = module.mlops.dashboard_url
}

output "pipeline_name" {
  description = "CodePipeline of this environment."
  value       = module.mlops.pipeline_name
}

output "repository_connection_arn" {
  description = "Repository connection (confirm once in the console)."
  value       = module.mlops.repository_connection_arn
}
