package dev.mlops.contract.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;

/**
 * CI's notice that the training code or image changed, sent on {@code pipeline-triggers} after a
 * build: the orchestrator retrains the datasets in production with the new image.
 *
 * @param type always {@value #TYPE}
 * @param commit the source revision
 * @param image the new model image URI (null: keep the configured one)
 * @param repository where the source lives
 * @param dataset optional: retrain only this dataset
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceChangeEvent(
    @JsonProperty("type") String type,
    @JsonProperty("commit") String commit,
    @JsonProperty("image") String image,
    @JsonProperty("repository") String repository,
    @JsonProperty("dataset") String dataset) {

  public static final String TYPE = "source-change";

  public String toJson() {
    return Json.string(this);
  }
}
