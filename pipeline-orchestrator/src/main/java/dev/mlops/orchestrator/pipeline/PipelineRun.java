package dev.mlops.orchestrator.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One execution of the pipeline for one dataset, as stored in PostgreSQL.
 *
 * @param id run id
 * @param shortId 8 hex characters of the id, used in SageMaker job names
 * @param dataset dataset name
 * @param datasetUri S3 URI of the data (a prefix or one object)
 * @param schemaJson the schema given with the request, or null (then schema.json next to the data)
 * @param target the target column when no schema exists (the container then infers one)
 * @param datasetHash content hash of the input objects, known once preprocess started
 * @param hyperparameters the run's own hyperparameters (they override the configured defaults)
 * @param image model image URI
 * @param trigger what started it
 * @param triggerDetail a line on the trigger (object keys, drift window, commit)
 * @param status where it is
 * @param currentStep the step being advanced (or the one it failed or stopped in)
 * @param failureReason why it failed, for people
 * @param modelVersion the registry version it registered, once known
 * @param cancelRequested a cancel is pending
 * @param transientErrors consecutive transient errors of the current step (drives the backoff)
 * @param gate gate settings of this run
 * @param nextCheckAt when the reconciler looks at it next
 * @param createdAt creation time
 * @param updatedAt last change
 * @param endedAt when it reached a final status
 */
public record PipelineRun(
    UUID id,
    String shortId,
    String dataset,
    String datasetUri,
    String schemaJson,
    String target,
    String datasetHash,
    Map<String, String> hyperparameters,
    String image,
    TriggerKind trigger,
    String triggerDetail,
    RunStatus status,
    StepName currentStep,
    String failureReason,
    String modelVersion,
    boolean cancelRequested,
    int transientErrors,
    GateSettings gate,
    Instant nextCheckAt,
    Instant createdAt,
    Instant updatedAt,
    Instant endedAt) {

  /** The gate of one run (the configured one unless the request gave another). */
  public record GateSettings(String metric, double threshold, double margin) {}

  public PipelineRun withDatasetHash(String value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        value,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        failureReason,
        modelVersion,
        cancelRequested,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withStatus(RunStatus value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        value,
        currentStep,
        failureReason,
        modelVersion,
        cancelRequested,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withCurrentStep(StepName value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        value,
        failureReason,
        modelVersion,
        cancelRequested,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withFailureReason(String value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        value,
        modelVersion,
        cancelRequested,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withModelVersion(String value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        failureReason,
        value,
        cancelRequested,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withCancelRequested(boolean value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        failureReason,
        modelVersion,
        value,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withTransientErrors(int value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        failureReason,
        modelVersion,
        cancelRequested,
        value,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withNextCheckAt(Instant value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        failureReason,
        modelVersion,
        cancelRequested,
        transientErrors,
        gate,
        value,
        createdAt,
        updatedAt,
        endedAt);
  }

  public PipelineRun withUpdatedAt(Instant value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        failureReason,
        modelVersion,
        cancelRequested,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        value,
        endedAt);
  }

  public PipelineRun withEndedAt(Instant value) {
    return new PipelineRun(
        id,
        shortId,
        dataset,
        datasetUri,
        schemaJson,
        target,
        datasetHash,
        hyperparameters,
        image,
        trigger,
        triggerDetail,
        status,
        currentStep,
        failureReason,
        modelVersion,
        cancelRequested,
        transientErrors,
        gate,
        nextCheckAt,
        createdAt,
        updatedAt,
        value);
  }

  public static String shortIdOf(UUID id) {
    return id.toString().replace("-", "").substring(0, 8);
  }
}
