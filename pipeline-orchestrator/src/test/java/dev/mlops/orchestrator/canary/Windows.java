package dev.mlops.orchestrator.canary;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.baseline.FeatureSketch;
import dev.mlops.contract.metrics.GatewayWindow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Builds variant windows the way the gateway does (its error classes, latency buckets on the shared
 * bounds, a KLL sketch of the predictions), from simulated requests.
 */
public final class Windows {

  private final String variant;
  private final String endpoint;
  private final String version;
  private final Map<String, Long> errors = new LinkedHashMap<>();
  private final long[] latency = new long[GatewayWindow.LATENCY_BOUNDS_MS.length + 1];
  private final FeatureSketch sketch = FeatureSketch.numeric();
  private long requests;
  private long predictions;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  private Windows(String variant, String endpoint, String version) {
    this.variant = variant;
    this.endpoint = endpoint;
    this.version = version;
    for (String c : new String[] {"client", "model", "throttled", "unavailable", "timeout"}) {
      errors.put(c, 0L);
    }
  }

  public static Windows of(String variant, String endpoint, String version) {
    return new Windows(variant, endpoint, version);
  }

  /** One answered request with its latency and prediction. */
  public Windows ok(double latencyMs, double prediction) {
    requests++;
    latency[bucket(latencyMs)]++;
    sketch.addNumber(prediction);
    predictions++;
    min = Math.min(min, prediction);
    max = Math.max(max, prediction);
    return this;
  }

  /** One failed request of an error class ({@code client} requests never reach the endpoint). */
  public Windows error(String errorClass, double latencyMs) {
    requests++;
    errors.merge(errorClass, 1L, Long::sum);
    if (!errorClass.equals("client") && !errorClass.equals("unavailable")) {
      latency[bucket(latencyMs)]++;
    }
    return this;
  }

  /**
   * {@code n} answered requests: latency log-normal around {@code latencyMs}, predictions normal
   * with the given mean and standard deviation (0 for a model that answers a constant).
   */
  public Windows requests(int n, double latencyMs, double mean, double sd, Random random) {
    for (int i = 0; i < n; i++) {
      ok(latencyMs * Math.exp(0.25 * random.nextGaussian()), mean + sd * random.nextGaussian());
    }
    return this;
  }

  public GatewayWindow.VariantWindow build() {
    GatewayWindow.PredictionSummary summary = null;
    if (predictions > 0) {
      BaselineSketches.Entry e = sketch.toEntry();
      summary =
          new GatewayWindow.PredictionSummary(
              predictions, e.sum(), e.sumOfSquares(), min, max, e.items());
    }
    return new GatewayWindow.VariantWindow(
        variant, endpoint, version, requests, Map.copyOf(errors), latency.clone(), summary);
  }

  static int bucket(double millis) {
    int i = java.util.Arrays.binarySearch(GatewayWindow.LATENCY_BOUNDS_MS, millis);
    return i >= 0 ? i : -i - 1;
  }
}
