package dev.mlops.contract.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.util.List;

/**
 * The drift monitor's request for retraining, sent on the {@code pipeline-triggers} queue when a
 * monitoring window violates the baseline.
 *
 * @param type always {@value #TYPE}
 * @param endpoint the monitored endpoint
 * @param modelVersion the registry version it served
 * @param dataset the dataset name the model was trained on (the run to start)
 * @param windowId the monitoring window that drifted
 * @param features the features that drifted
 * @param detectedAt ISO-8601 instant
 * @param violationsUri where {@code constraint_violations.json} was written (S3 URI)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftEvent(
    @JsonProperty("type") String type,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("window_id") String windowId,
    @JsonProperty("features") List<DriftedFeature> features,
    @JsonProperty("detected_at") String detectedAt,
    @JsonProperty("violations_uri") String violationsUri) {

  public static final String TYPE = "drift";

  /**
   * @param name feature name
   * @param method distance used (e.g. linf_robust, psi, jensen_shannon)
   * @param distance the measured distance
   * @param threshold the threshold it exceeded
   */
  public record DriftedFeature(
      @JsonProperty("name") String name,
      @JsonProperty("method") String method,
      @JsonProperty("distance") double distance,
      @JsonProperty("threshold") double threshold) {}

  public String toJson() {
    return Json.string(this);
  }
}
