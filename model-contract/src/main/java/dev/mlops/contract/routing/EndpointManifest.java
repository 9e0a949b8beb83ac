package dev.mlops.contract.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;

/**
 * What an endpoint serves, written by the orchestrator to {@code endpoints/<endpoint>.json} in the
 * artifacts bucket whenever it creates an endpoint, so that the drift monitor and the gateway can
 * find the model's schema and baseline from an endpoint name alone, without the registry database.
 *
 * @param endpoint SageMaker endpoint name
 * @param modelVersion registry version
 * @param stage dev or prod
 * @param dataset dataset name (what a retraining run trains on)
 * @param datasetUri S3 URI of the training data
 * @param schemaUri S3 URI of the model's {@code schema.json}
 * @param baselineUri S3 URI prefix holding {@code statistics.json}, {@code constraints.json} and
 *     {@code baseline-sketches.json}
 * @param modelDataUri S3 URI of {@code model.tar.gz}
 * @param createdAt ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointManifest(
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("stage") String stage,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("dataset_uri") String datasetUri,
    @JsonProperty("schema_uri") String schemaUri,
    @JsonProperty("baseline_uri") String baselineUri,
    @JsonProperty("model_data_uri") String modelDataUri,
    @JsonProperty("created_at") String createdAt) {

  /** The S3 key of an endpoint's manifest in the artifacts bucket. */
  public static String key(String endpoint) {
    return "endpoints/" + endpoint + ".json";
  }

  public static EndpointManifest parse(byte[] json) {
    return Json.read(json, EndpointManifest.class);
  }

  public byte[] toJson() {
    return Json.bytes(this);
  }
}
