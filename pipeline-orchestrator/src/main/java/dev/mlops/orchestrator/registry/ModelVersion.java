package dev.mlops.orchestrator.registry;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A registered model version with its lineage and approval.
 *
 * @param version v1, v2, ...
 * @param number the number in the version
 * @param runId the run that trained it
 * @param dataset dataset name
 * @param datasetUri S3 URI of the data it was trained on
 * @param datasetHash content hash of the input objects (S3 ETags)
 * @param trainDataSha256 SHA-256 of the training split, from the model's provenance.json
 * @param image model image URI
 * @param hyperparameters every hyperparameter given to training (defaults included)
 * @param metrics evaluation metrics on the test split
 * @param modelDataUri model.tar.gz
 * @param schemaUri models/<version>/schema.json
 * @param baselineUri models/<version>/baseline/
 * @param evaluationUri evaluation.json
 * @param approvalStatus PendingManualApproval, Approved or Rejected
 * @param approvalBy who decided
 * @param approvalAt when
 * @param approvalComment why
 * @param createdAt when it was registered
 * @param rolledBackAt when its canary, or production on it, was rolled back (null if never)
 * @param rolledBackReason why (the failed canary checks, or who rolled production back)
 */
public record ModelVersion(
    String version,
    int number,
    UUID runId,
    String dataset,
    String datasetUri,
    String datasetHash,
    String trainDataSha256,
    String image,
    Map<String, String> hyperparameters,
    Map<String, Double> metrics,
    String modelDataUri,
    String schemaUri,
    String baselineUri,
    String evaluationUri,
    ApprovalStatus approvalStatus,
    String approvalBy,
    Instant approvalAt,
    String approvalComment,
    Instant createdAt,
    Instant rolledBackAt,
    String rolledBackReason) {}
