package dev.mlops.orchestrator.trigger;

import dev.mlops.orchestrator.pipeline.TriggerKind;

/**
 * A reason to run the pipeline for one dataset, before debouncing.
 *
 * @param kind upload, schedule, drift, source-change
 * @param dataset the dataset to train on
 * @param datasetUri S3 URI of its data, or null for the dataset's usual location
 * @param image a new model image (source changes), or null for the configured one
 * @param detail one line for people (the object key, the drift window, the commit)
 */
public record TriggerEvent(
    TriggerKind kind, String dataset, String datasetUri, String image, String detail) {}
