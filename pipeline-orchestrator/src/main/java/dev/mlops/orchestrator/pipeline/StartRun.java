package dev.mlops.orchestrator.pipeline;

import java.util.Map;

/**
 * A request for a run.
 *
 * @param dataset dataset name (defaults to the folder name of the URI)
 * @param datasetUri S3 URI of the data: a prefix or one CSV object
 * @param schemaJson the schema, or null for schema.json next to the data
 * @param target the target column when there is no schema (it is then inferred)
 * @param hyperparameters hyperparameters over the configured defaults
 * @param image model image, or null for the configured one
 * @param gate gate settings, or null for the configured ones
 * @param trigger what asked for it
 * @param triggerDetail a line for people
 */
public record StartRun(
    String dataset,
    String datasetUri,
    String schemaJson,
    String target,
    Map<String, String> hyperparameters,
    String image,
    PipelineRun.GateSettings gate,
    TriggerKind trigger,
    String triggerDetail) {}
