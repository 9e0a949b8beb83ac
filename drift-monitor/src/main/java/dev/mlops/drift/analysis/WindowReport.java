package dev.mlops.drift.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.monitor.ConstraintViolations;
import java.util.List;
import java.util.Map;

/**
 * A closed window's analysis, as the API shows it and PostgreSQL keeps it.
 *
 * @param records data rows folded
 * @param captures capture lines read
 * @param skipped records skipped, by reason
 * @param driftedFeatures the features that drifted
 * @param measuredFeatures how many features had a drift distance
 * @param driftedShare drifted over measured
 * @param datasetDrift whether the dataset rule fired (alert and drift event)
 * @param baselineAvailable whether a baseline was found
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowReport(
    @JsonProperty("window_id") String windowId,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("opened_at") String openedAt,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("first_event_time") String firstEventTime,
    @JsonProperty("last_event_time") String lastEventTime,
    @JsonProperty("captures") long captures,
    @JsonProperty("records") long records,
    @JsonProperty("predictions") long predictions,
    @JsonProperty("skipped") Map<String, Long> skipped,
    @JsonProperty("extra_column_records") long extraColumnRecords,
    @JsonProperty("missing_column_records") long missingColumnRecords,
    @JsonProperty("features") List<FeatureResult> features,
    @JsonProperty("violations") List<ConstraintViolations.Violation> violations,
    @JsonProperty("drifted_features") List<String> driftedFeatures,
    @JsonProperty("measured_features") int measuredFeatures,
    @JsonProperty("drifted_share") double driftedShare,
    @JsonProperty("dataset_drift") boolean datasetDrift,
    @JsonProperty("baseline_available") boolean baselineAvailable,
    @JsonProperty("statistics_uri") String statisticsUri,
    @JsonProperty("violations_uri") String violationsUri) {}
