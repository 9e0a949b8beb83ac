package dev.mlops.drift.window;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.drift.analysis.WindowReport;
import java.util.Map;

/**
 * A window as the read API lists it.
 *
 * @param status open, closed, evaluated or reported
 * @param datasetDrift whether the dataset rule fired (null until analysed)
 * @param violationCount constraint violations found (null until analysed)
 * @param skipped skipped records by reason (detail view only)
 * @param report the full analysis (detail view of analysed windows only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowSummary(
    @JsonProperty("window_id") String windowId,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("status") String status,
    @JsonProperty("opened_at") String openedAt,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("captures") long captures,
    @JsonProperty("records") long records,
    @JsonProperty("dataset_drift") Boolean datasetDrift,
    @JsonProperty("violation_count") Integer violationCount,
    @JsonProperty("skipped") Map<String, Long> skipped,
    @JsonProperty("report") WindowReport report) {}
