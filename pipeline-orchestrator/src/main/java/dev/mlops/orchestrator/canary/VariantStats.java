package dev.mlops.orchestrator.canary;

import dev.mlops.contract.drift.Cdf;
import dev.mlops.contract.metrics.GatewayWindow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's traffic in an analysis interval: the windows of every gateway merged. Counts add,
 * latency histograms add bucket by bucket (all gateways share {@link
 * GatewayWindow#LATENCY_BOUNDS_MS}), and the KLL items of the prediction summaries are pooled
 * (weighted items of several sketches together describe the union of their streams).
 *
 * @param windows how many gateway windows were merged
 * @param requests requests answered, errors included
 * @param errors error counts by class
 * @param latencyCounts requests per latency bucket (those that reached the endpoint)
 * @param predictionCount predictions summarised
 * @param sum their sum
 * @param sumOfSquares their sum of squares
 * @param min smallest prediction (NaN without predictions)
 * @param max largest prediction (NaN without predictions)
 * @param items pooled {@code [value, weight]} items of the prediction sketches
 */
public record VariantStats(
    int windows,
    long requests,
    Map<String, Long> errors,
    long[] latencyCounts,
    long predictionCount,
    double sum,
    double sumOfSquares,
    double min,
    double max,
    List<double[]> items) {

  /** Merges windows (of any gateways) of one variant. */
  public static VariantStats merge(Collection<GatewayWindow.VariantWindow> windows) {
    long requests = 0;
    Map<String, Long> errors = new LinkedHashMap<>();
    long[] latency = new long[GatewayWindow.LATENCY_BOUNDS_MS.length + 1];
    long count = 0;
    double sum = 0;
    double sumSq = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    List<double[]> items = new ArrayList<>();
    for (GatewayWindow.VariantWindow w : windows) {
      requests += w.requests();
      if (w.errors() != null) {
        w.errors().forEach((k, v) -> errors.merge(k, v == null ? 0 : v, Long::sum));
      }
      if (w.latencyCounts() != null) {
        // a window from a gateway with other bounds would not merge; its extra buckets overflow
        for (int i = 0; i < w.latencyCounts().length; i++) {
          latency[Math.min(i, latency.length - 1)] += w.latencyCounts()[i];
        }
      }
      GatewayWindow.PredictionSummary p = w.predictions();
      if (p != null && p.count() > 0) {
        count += p.count();
        sum += p.sum();
        sumSq += p.sumOfSquares();
        min = Double.isNaN(min) ? p.min() : Math.min(min, p.min());
        max = Double.isNaN(max) ? p.max() : Math.max(max, p.max());
        if (p.items() != null) {
          items.addAll(p.items());
        }
      }
    }
    return new VariantStats(
        windows.size(), requests, errors, latency, count, sum, sumSq, min, max, items);
  }

  /** Errors of the given classes. */
  public long errorsOf(Collection<String> classes) {
    long n = 0;
    for (String c : classes) {
      n += errors.getOrDefault(c, 0L);
    }
    return n;
  }

  /** Requests that count for the analysis: all but the ones the gateway refused (4xx). */
  public long countedRequests() {
    return Math.max(0, requests - errors.getOrDefault("client", 0L));
  }

  public long latencySamples() {
    long n = 0;
    for (long c : latencyCounts) {
      n += c;
    }
    return n;
  }

  /**
   * The q-quantile of the latency in milliseconds, interpolated linearly inside its bucket (the
   * overflow bucket answers its lower bound); NaN without samples.
   */
  public double latencyQuantileMs(double q) {
    long total = latencySamples();
    if (total == 0) {
      return Double.NaN;
    }
    double[] bounds = GatewayWindow.LATENCY_BOUNDS_MS;
    double rank = q * total;
    long before = 0;
    for (int b = 0; b < latencyCounts.length; b++) {
      long c = latencyCounts[b];
      if (c > 0 && before + c >= rank) {
        double lower = b == 0 ? 0 : bounds[b - 1];
        if (b >= bounds.length) {
          return lower;
        }
        double upper = bounds[b];
        return lower + (upper - lower) * Math.max(0, rank - before) / c;
      }
      before += c;
    }
    return bounds[bounds.length - 1];
  }

  public double predictionMean() {
    return predictionCount == 0 ? Double.NaN : sum / predictionCount;
  }

  /**
   * Population standard deviation of all predictions (from the exact sums); exactly 0 when every
   * prediction was the same number.
   */
  public double predictionStdDev() {
    if (predictionCount == 0) {
      return Double.NaN;
    }
    if (min == max) {
      return 0;
    }
    double mean = sum / predictionCount;
    return Math.sqrt(Math.max(0, sumOfSquares / predictionCount - mean * mean));
  }

  /** The pooled prediction distribution (empty without predictions). */
  public Cdf predictionCdf() {
    return Cdf.ofWeighted(items);
  }
}
