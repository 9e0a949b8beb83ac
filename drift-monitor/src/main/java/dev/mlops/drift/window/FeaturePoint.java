package dev.mlops.drift.window;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One window's distance for one feature: a point of the feature's series over time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeaturePoint(
    @JsonProperty("window_id") String windowId,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("kind") String kind,
    @JsonProperty("method") String method,
    @JsonProperty("distance") Double distance,
    @JsonProperty("threshold") Double threshold,
    @JsonProperty("p_value") Double pValue,
    @JsonProperty("drifted") boolean drifted,
    @JsonProperty("present") long present) {}
