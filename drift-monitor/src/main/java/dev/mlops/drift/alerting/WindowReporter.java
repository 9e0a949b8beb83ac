package dev.mlops.drift.alerting;

import dev.mlops.contract.json.Json;
import dev.mlops.drift.ObjectStorage;
import dev.mlops.drift.StorageUnavailableException;
import dev.mlops.drift.analysis.DriftSettings;
import dev.mlops.drift.analysis.WindowAnalysis;
import dev.mlops.drift.analysis.WindowReport;
import dev.mlops.drift.catalog.ModelBaseline;
import dev.mlops.drift.catalog.ModelCatalog;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.StoredWindow;
import dev.mlops.drift.window.WindowStatus;
import dev.mlops.drift.window.WindowStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Reports closed windows: compares each with its baseline, writes Model Monitor's {@code
 * statistics.json} and {@code constraint_violations.json} to S3, stores the analysis and the
 * notification decision (under the cool-downs) in one transaction, then sends the SNS alert and the
 * drift event. A crash between the decision and the sending resends after the restart (at least
 * once); a window is never analysed into two different decisions.
 */
public final class WindowReporter {

  private static final Logger LOG = Logger.getLogger(WindowReporter.class);
  static final String STATISTICS = "statistics.json";
  static final String VIOLATIONS = "constraint_violations.json";
  private static final int BATCH = 20;

  private final WindowStore store;
  private final ModelCatalog catalog;
  private final ObjectStorage storage;
  private final DriftNotifier notifier;
  private final DriftSettings settings;
  private final Duration cooldown;
  private final String bucket;
  private final String prefix;
  private final Clock clock;
  private final Consumer<WindowReport> evaluated;

  public WindowReporter(
      WindowStore store,
      ModelCatalog catalog,
      ObjectStorage storage,
      DriftNotifier notifier,
      DriftSettings settings,
      Duration cooldown,
      String artifactsBucket,
      String monitoringPrefix,
      Clock clock,
      Consumer<WindowReport> evaluated) {
    this.store = store;
    this.catalog = catalog;
    this.storage = storage;
    this.notifier = notifier;
    this.settings = settings;
    this.cooldown = cooldown;
    this.bucket = artifactsBucket;
    this.prefix =
        monitoringPrefix.isEmpty() || monitoringPrefix.endsWith("/")
            ? monitoringPrefix
            : monitoringPrefix + "/";
    this.clock = clock;
    this.evaluated = evaluated;
  }

  /**
   * Reports every window waiting; stops at the first outside failure (the rest waits for the next
   * round).
   *
   * @return windows reported
   */
  public int reportPending() {
    int n = 0;
    while (true) {
      List<StoredWindow> pending = store.reportable(BATCH);
      if (pending.isEmpty()) {
        return n;
      }
      for (StoredWindow w : pending) {
        try {
          report(w);
          n++;
        } catch (StorageUnavailableException e) {
          LOG.warnf("window %s not reported yet: %s", w.state().id(), e.getMessage());
          return n;
        }
      }
      if (pending.size() < BATCH) {
        return n;
      }
    }
  }

  private void report(StoredWindow stored) {
    WindowReport report;
    NotificationDecision decision;
    if (stored.status() == WindowStatus.CLOSED) {
      DriftWindow w = DriftWindow.restore(stored.state(), stored.revision());
      String base = prefix + w.model().endpoint() + "/" + w.id() + "/";
      Optional<ModelBaseline> baseline = catalog.baseline(w.model().baselineUri());
      WindowAnalysis.Result r =
          WindowAnalysis.analyze(
              w,
              baseline,
              settings,
              "s3://" + bucket + "/" + base + STATISTICS,
              "s3://" + bucket + "/" + base + VIOLATIONS);
      storage.put(bucket, base + STATISTICS, Json.bytes(r.statistics()), "application/json");
      storage.put(bucket, base + VIOLATIONS, Json.bytes(r.violations()), "application/json");
      report = r.report();
      decision = store.recordEvaluation(WindowEvaluation.of(report, cooldown), clock.instant());
      evaluated.accept(report);
      if (decision.suppressed()) {
        LOG.infof(
            "window %s of %s: %s suppressed by the cool-down",
            w.id(), w.model().endpoint(), report.datasetDrift() ? "drift" : "violation alert");
      }
    } else {
      report =
          Json.read(
              stored.report().getBytes(java.nio.charset.StandardCharsets.UTF_8),
              WindowReport.class);
      decision = new NotificationDecision(stored.alertPending(), stored.eventPending(), false);
    }
    if (decision.sendAlert()) {
      DriftAlert alert = DriftAlert.of(report, decision.sendEvent());
      notifier.alert(alert.subject(), alert.toJson());
    }
    if (decision.sendEvent()) {
      notifier.driftEvent(DriftAlert.event(report, clock.instant().toString()));
      LOG.infof(
          "window %s of %s drifted (%s): drift event sent",
          report.windowId(), report.endpoint(), String.join(", ", report.driftedFeatures()));
    }
    store.markReported(report.windowId());
  }
}
