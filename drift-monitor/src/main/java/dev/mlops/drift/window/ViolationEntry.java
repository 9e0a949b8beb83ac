package dev.mlops.drift.window;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A constraint violation of an analysed window, in Model Monitor's terms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ViolationEntry(
    @JsonProperty("window_id") String windowId,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("feature_name") String featureName,
    @JsonProperty("constraint_check_type") String constraintCheckType,
    @JsonProperty("description") String description) {}
