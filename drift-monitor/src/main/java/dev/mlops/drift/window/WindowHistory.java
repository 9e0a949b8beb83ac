package dev.mlops.drift.window;

import dev.mlops.drift.analysis.WindowReport;
import java.util.List;
import java.util.Optional;

/** The read side of the windows: what the REST API shows. */
public interface WindowHistory {

  /** Most recent windows first (open ones included). */
  List<WindowSummary> recent(Optional<String> endpoint, int limit);

  /** One window with its counts and, once analysed, its report. */
  Optional<WindowSummary> find(String windowId);

  /** A feature's distances over time, most recent first. */
  List<FeaturePoint> featureSeries(String feature, Optional<String> endpoint, int limit);

  /** Whether any window ever measured this feature. */
  boolean knowsFeature(String feature);

  /** Violations of analysed windows, most recent first. */
  List<ViolationEntry> violations(Optional<String> endpoint, int limit);

  /** The latest analysed report of every endpoint (to restore gauges after a restart). */
  List<WindowReport> latestReports();
}
