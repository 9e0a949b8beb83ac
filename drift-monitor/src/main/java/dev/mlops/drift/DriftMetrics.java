package dev.mlops.drift;

import dev.mlops.drift.analysis.FeatureResult;
import dev.mlops.drift.analysis.WindowReport;
import dev.mlops.drift.capture.ObjectFold;
import dev.mlops.drift.capture.SkipReason;
import dev.mlops.drift.ingest.IngestionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drift monitor's Micrometer meters: {@code feature_baseline_drift_<feature>} gauges (the
 * latest distance, tagged by endpoint), the dataset drift share, and counters of what was folded
 * and what was skipped and why.
 */
@ApplicationScoped
public class DriftMetrics implements IngestionListener {

  private final MeterRegistry registry;
  private final Map<String, Holder> gauges = new ConcurrentHashMap<>();

  /** A gauge's current value; Micrometer keeps only a weak reference, the map keeps it alive. */
  private static final class Holder {
    volatile double value = Double.NaN;
  }

  public DriftMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The gauge name of a feature, in Prometheus' alphabet. */
  public static String gaugeName(String feature) {
    return "feature_baseline_drift_" + feature.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** Sets the gauges from an analysed window. */
  public void evaluated(WindowReport r) {
    for (FeatureResult f : r.features()) {
      if (f.measured() && f.distance() != null) {
        gauge(gaugeName(f.name()), r.endpoint()).value = f.distance();
      }
    }
    gauge("drift_dataset_drifted_share", r.endpoint()).value = r.driftedShare();
    registry
        .counter(
            "drift_windows_evaluated_total",
            "endpoint",
            r.endpoint(),
            "dataset_drift",
            Boolean.toString(r.datasetDrift()))
        .increment();
  }

  private Holder gauge(String name, String endpoint) {
    return gauges.computeIfAbsent(
        name + "|" + endpoint,
        k -> {
          Holder h = new Holder();
          Gauge.builder(name, h, x -> x.value)
              .tags(Tags.of("endpoint", endpoint))
              .description("latest distance of a monitored column from its baseline")
              .register(registry);
          return h;
        });
  }

  @Override
  public void folded(String endpoint, ObjectFold fold) {
    registry.counter("drift_capture_objects_total", "endpoint", endpoint).increment();
    registry.counter("drift_capture_lines_total", "endpoint", endpoint).increment(fold.captures());
    registry.counter("drift_records_folded_total", "endpoint", endpoint).increment(fold.records());
    for (SkipReason r : SkipReason.values()) {
      long n = fold.skipped(r);
      if (n > 0) {
        skippedCounter(r, endpoint).increment(n);
      }
    }
  }

  @Override
  public void skipped(SkipReason reason, String endpoint) {
    skippedCounter(reason, endpoint == null ? "" : endpoint).increment();
  }

  private Counter skippedCounter(SkipReason reason, String endpoint) {
    return registry.counter("drift_skipped_total", "reason", reason.tag(), "endpoint", endpoint);
  }

  @Override
  public void poison(String reason, int receiveCount) {
    registry.counter("drift_poison_messages_total").increment();
  }

  @Override
  public void windowClosed(String endpoint) {
    registry.counter("drift_windows_closed_total", "endpoint", endpoint).increment();
  }

  @Override
  public void retried(String reason) {
    registry.counter("drift_batches_retried_total", "reason", reason).increment();
  }
}
