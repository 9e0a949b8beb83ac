package dev.mlops.drift.alerting;

import dev.mlops.drift.analysis.WindowReport;
import java.time.Duration;

/**
 * A window's analysis with the notifications it asks for, before the cool-downs have their say.
 *
 * @param alertKind the cool-down an alert falls under ({@link #DRIFT} or {@link #VIOLATIONS}), or
 *     null for no alert
 * @param eventWanted whether the dataset rule asks for retraining
 * @param cooldown the minimum time between two notifications of one kind for one endpoint and model
 *     version
 */
public record WindowEvaluation(
    WindowReport report, String alertKind, boolean eventWanted, Duration cooldown) {

  /** Alerts and events about drift: one cool-down for both, so one drift means one of each. */
  public static final String DRIFT = "drift";

  /** Alerts about other constraint violations (types, completeness, domains, columns). */
  public static final String VIOLATIONS = "violations";

  /** What a report asks for: drift wins over plain violations. */
  public static WindowEvaluation of(WindowReport report, Duration cooldown) {
    String kind = null;
    if (report.datasetDrift()) {
      kind = DRIFT;
    } else if (!report.violations().isEmpty()) {
      kind = VIOLATIONS;
    }
    return new WindowEvaluation(report, kind, report.datasetDrift(), cooldown);
  }
}
