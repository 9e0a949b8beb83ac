package dev.mlops.drift.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.events.DriftEvent;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.monitor.ConstraintViolations;
import dev.mlops.drift.analysis.FeatureResult;
import dev.mlops.drift.analysis.WindowReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The SNS alert body (the conventions' {@code {"event": ...}} shape) and the drift event, both
 * built from one window report so they name the same features, distances and thresholds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftAlert(
    @JsonProperty("event") String event,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("window_id") String windowId,
    @JsonProperty("opened_at") String openedAt,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("records") long records,
    @JsonProperty("drifted_share") double driftedShare,
    @JsonProperty("features") List<DriftEvent.DriftedFeature> features,
    @JsonProperty("violations") List<ConstraintViolations.Violation> violations,
    @JsonProperty("retraining_requested") boolean retrainingRequested,
    @JsonProperty("statistics_uri") String statisticsUri,
    @JsonProperty("violations_uri") String violationsUri) {

  public static final String DRIFT_DETECTED = "drift_detected";
  public static final String CONSTRAINT_VIOLATIONS = "constraint_violations";

  /** SNS subjects are at most 100 characters. */
  private static final int MAX_SUBJECT = 100;

  public static DriftAlert of(WindowReport r, boolean retrainingRequested) {
    return new DriftAlert(
        r.datasetDrift() ? DRIFT_DETECTED : CONSTRAINT_VIOLATIONS,
        r.endpoint(),
        r.modelVersion(),
        r.dataset(),
        r.windowId(),
        r.openedAt(),
        r.closedAt(),
        r.records(),
        r.driftedShare(),
        drifted(r),
        r.violations(),
        retrainingRequested,
        r.statisticsUri(),
        r.violationsUri());
  }

  public String subject() {
    String s =
        (DRIFT_DETECTED.equals(event) ? "Drift detected on " : "Constraint violations on ")
            + endpoint
            + " ("
            + modelVersion
            + ")";
    return s.length() <= MAX_SUBJECT ? s : s.substring(0, MAX_SUBJECT);
  }

  public String toJson() {
    return Json.string(this);
  }

  /** The retraining request for the same window. */
  public static DriftEvent event(WindowReport r, String detectedAt) {
    return new DriftEvent(
        DriftEvent.TYPE,
        r.endpoint(),
        r.modelVersion(),
        r.dataset(),
        r.windowId(),
        drifted(r),
        detectedAt,
        r.violationsUri());
  }

  private static List<DriftEvent.DriftedFeature> drifted(WindowReport r) {
    List<DriftEvent.DriftedFeature> out = new ArrayList<>();
    for (FeatureResult f : r.features()) {
      if (f.drifted() && r.driftedFeatures().contains(f.name())) {
        out.add(new DriftEvent.DriftedFeature(f.name(), f.method(), f.distance(), f.threshold()));
      }
    }
    return out;
  }
}
