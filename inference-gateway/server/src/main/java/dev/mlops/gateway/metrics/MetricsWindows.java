package dev.mlops.gateway.metrics;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.baseline.FeatureSketch;
import dev.mlops.contract.metrics.GatewayWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-variant aggregates over the current window: requests, errors by class, the latency histogram
 * on the shared bounds of {@link GatewayWindow#LATENCY_BOUNDS_MS}, and a summary of the numeric
 * predictions with a KLL sketch so that windows of many gateways merge into true quantiles.
 *
 * <p>Nothing recorded is lost at a window change: a recorder that still holds an accumulator of the
 * closed window finds it closed and records into the new one.
 */
public final class MetricsWindows {

  private static final double[] BOUNDS = GatewayWindow.LATENCY_BOUNDS_MS;
  private static final Outcome[] OUTCOMES = Outcome.values();

  private final String gatewayId;
  private Map<VariantKey, Accumulator> current = new HashMap<>();
  private Instant windowStart;

  public MetricsWindows(String gatewayId, Instant start) {
    this.gatewayId = gatewayId;
    this.windowStart = start;
  }

  /**
   * @param latencyNanos time spent on the endpoint call, or a negative value when it was not made
   * @param predictions numeric predictions (NaN entries are skipped), or null
   */
  public void record(VariantKey key, Outcome outcome, long latencyNanos, double[] predictions) {
    while (true) {
      Accumulator a;
      synchronized (this) {
        a = current.computeIfAbsent(key, Accumulator::new);
      }
      synchronized (a) {
        if (!a.closed) {
          a.add(outcome, latencyNanos, predictions);
          return;
        }
      }
    }
  }

  /**
   * Closes the current window and opens the next.
   *
   * @return the closed window, or null when no variant saw traffic in it
   */
  public GatewayWindow rotate(Instant now, long policyVersion) {
    Map<VariantKey, Accumulator> closed;
    Instant start;
    synchronized (this) {
      closed = current;
      start = windowStart;
      current = new HashMap<>();
      windowStart = now;
    }
    List<GatewayWindow.VariantWindow> variants = new ArrayList<>(closed.size());
    for (Accumulator a : closed.values()) {
      synchronized (a) {
        a.closed = true;
        variants.add(a.toWindow());
      }
    }
    if (variants.isEmpty()) {
      return null;
    }
    return new GatewayWindow(
        GatewayWindow.TYPE,
        gatewayId,
        start.toString(),
        now.toString(),
        policyVersion,
        List.copyOf(variants));
  }

  /** The bucket of a latency: the first bound at or above it, or the overflow bucket. */
  static int bucket(double millis) {
    int i = Arrays.binarySearch(BOUNDS, millis);
    return i >= 0 ? i : -i - 1;
  }

  private static final class Accumulator {
    private final VariantKey key;
    private final long[] errors = new long[OUTCOMES.length];
    private final long[] latency = new long[BOUNDS.length + 1];
    private long requests;
    private long predictionCount;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private FeatureSketch sketch;
    private boolean closed;

    Accumulator(VariantKey key) {
      this.key = key;
    }

    void add(Outcome outcome, long latencyNanos, double[] predictions) {
      requests++;
      errors[outcome.ordinal()]++;
      if (latencyNanos >= 0) {
        latency[bucket(latencyNanos / 1e6)]++;
      }
      if (predictions != null) {
        for (double p : predictions) {
          if (!Double.isNaN(p)) {
            if (sketch == null) {
              sketch = FeatureSketch.numeric();
            }
            sketch.addNumber(p);
            predictionCount++;
            min = Math.min(min, p);
            max = Math.max(max, p);
          }
        }
      }
    }

    GatewayWindow.VariantWindow toWindow() {
      Map<String, Long> byClass = new LinkedHashMap<>();
      for (Outcome o : OUTCOMES) {
        if (o.errorClass() != null) {
          byClass.put(o.errorClass(), errors[o.ordinal()]);
        }
      }
      GatewayWindow.PredictionSummary summary = null;
      if (predictionCount > 0) {
        BaselineSketches.Entry entry = sketch.toEntry();
        summary =
            new GatewayWindow.PredictionSummary(
                predictionCount, entry.sum(), entry.sumOfSquares(), min, max, entry.items());
      }
      return new GatewayWindow.VariantWindow(
          key.variant().label(),
          key.endpoint(),
          key.modelVersion(),
          requests,
          byClass,
          latency.clone(),
          summary);
    }
  }
}
