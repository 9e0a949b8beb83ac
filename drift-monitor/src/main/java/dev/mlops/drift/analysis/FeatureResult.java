package dev.mlops.drift.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One column of a window compared with the baseline.
 *
 * @param kind feature or prediction
 * @param type numeric or categorical
 * @param present values present and of the right type
 * @param missing missing values (including absent columns)
 * @param wrongType values of the wrong type
 * @param unseen categorical values outside the baseline's domain
 * @param method the drift method's event name, when measured
 * @param distance the measured distance, when measured
 * @param threshold the threshold, when measured
 * @param pValue the test's p-value (Robust, ChiSquared)
 * @param measured whether a drift distance was computed
 * @param drifted whether the distance counts as drift
 * @param note why it was not measured, or what was odd
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureResult(
    @JsonProperty("name") String name,
    @JsonProperty("kind") String kind,
    @JsonProperty("type") String type,
    @JsonProperty("present") long present,
    @JsonProperty("missing") long missing,
    @JsonProperty("wrong_type") long wrongType,
    @JsonProperty("unseen") long unseen,
    @JsonProperty("method") String method,
    @JsonProperty("distance") Double distance,
    @JsonProperty("threshold") Double threshold,
    @JsonProperty("p_value") Double pValue,
    @JsonProperty("measured") boolean measured,
    @JsonProperty("drifted") boolean drifted,
    @JsonProperty("note") String note) {

  public static final String FEATURE = "feature";
  public static final String PREDICTION = "prediction";
}
