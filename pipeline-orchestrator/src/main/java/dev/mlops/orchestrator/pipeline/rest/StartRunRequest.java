package dev.mlops.orchestrator.pipeline.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The body of {@code POST /admin/runs}.
 *
 * @param dataset dataset name (default: the folder of the URI)
 * @param datasetUri S3 URI of the data, a prefix or one CSV object (default: {@code
 *     s3://<data-bucket>/datasets/<dataset>/})
 * @param schema the dataset schema as JSON (default: schema.json next to the data)
 * @param target target column when there is no schema
 * @param hyperparameters hyperparameters over the configured defaults
 * @param image model image (default: the configured one)
 * @param gate gate metric, threshold and margin for this run
 */
public record StartRunRequest(
    String dataset,
    String datasetUri,
    JsonNode schema,
    String target,
    Map<String, Object> hyperparameters,
    String image,
    GateRequest gate) {

  /** Gate settings; null fields take the configured values. */
  public record GateRequest(String metric, Double threshold, Double margin) {}
}
