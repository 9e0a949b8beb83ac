output "prediction_api_url" {
  description = "Public prediction API."
  value       = module.mlops.prediction_api_url
}

output "admin_api_url" {
  description = "Admin API (JWT auth)."
  value       = module.mlops.admin_api_url
}

output "sagemaker_settings" {
  description = "SageMaker settings the orchestrator reads."
  value       = module.mlops.sagemaker_settings
}

output "sagemaker_scalable_targets" {
  description = "Terraform-managed endpoint scaling."
  value       = module.mlops.sagemaker_scalable_targets
}

output "gateway_environment" {
  description = "Environment of the gateway function."
  value       = module.mlops.gateway_environment
}

output "dashboard_url" {
  description = "CloudWatch dashboard."
  value       = module.mlops.dashboard_url
}

output "iam_policies" {
  description = "Every inline IAM policy of the stack."
  value       = module.mlops.iam_policies
}
