package dev.mlops.gateway.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.metrics.GatewayWindow;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch embedded metric format: one JSON log line per variant and window, which CloudWatch
 * Logs turns into metrics when the gateway runs in Lambda (no PutMetricData call, no latency).
 * Latency percentiles are read off the window's histogram (the upper bound of the bucket that holds
 * them).
 */
public final class EmfLines {

  private static final ObjectWriter ONE_LINE =
      Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

  private final String namespace;

  public EmfLines(String namespace) {
    this.namespace = namespace;
  }

  public List<String> lines(GatewayWindow window) {
    long timestamp = Instant.parse(window.windowEnd()).toEpochMilli();
    List<String> lines = new ArrayList<>(window.variants().size());
    for (GatewayWindow.VariantWindow v : window.variants()) {
      Map<String, Object> line = new LinkedHashMap<>();
      List<Map<String, String>> metrics = new ArrayList<>();
      metrics.add(metric("Requests", "Count"));
      metrics.add(metric("Errors", "Count"));
      for (String errorClass : v.errors().keySet()) {
        metrics.add(metric(errorName(errorClass), "Count"));
      }
      metrics.add(metric("LatencyP50", "Milliseconds"));
      metrics.add(metric("LatencyP99", "Milliseconds"));
      if (v.predictions() != null) {
        metrics.add(metric("PredictionMean", "None"));
      }
      line.put(
          "_aws",
          Map.of(
              "Timestamp",
              timestamp,
              "CloudWatchMetrics",
              List.of(
                  Map.of(
                      "Namespace",
                      namespace,
                      "Dimensions",
                      List.of(List.of("Variant"), List.of("Variant", "Endpoint")),
                      "Metrics",
                      metrics))));
      line.put("Variant", v.variant());
      line.put("Endpoint", v.endpoint());
      if (v.modelVersion() != null) {
        line.put("ModelVersion", v.modelVersion());
      }
      line.put("PolicyVersion", window.policyVersion());
      line.put("GatewayId", window.gatewayId());
      line.put("Requests", v.requests());
      long errors = 0;
      for (Map.Entry<String, Long> e : v.errors().entrySet()) {
        line.put(errorName(e.getKey()), e.getValue());
        errors += e.getValue();
      }
      line.put("Errors", errors);
      line.put("LatencyP50", percentile(v.latencyCounts(), 0.50));
      line.put("LatencyP99", percentile(v.latencyCounts(), 0.99));
      if (v.predictions() != null) {
        line.put("PredictionMean", v.predictions().sum() / v.predictions().count());
      }
      try {
        lines.add(ONE_LINE.writeValueAsString(line));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  private static Map<String, String> metric(String name, String unit) {
    return Map.of("Name", name, "Unit", unit);
  }

  private static String errorName(String errorClass) {
    return Character.toUpperCase(errorClass.charAt(0)) + errorClass.substring(1) + "Errors";
  }

  /** The upper bound of the bucket holding quantile q (the last bound doubled for overflow). */
  static double percentile(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    double[] bounds = GatewayWindow.LATENCY_BOUNDS_MS;
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return i < bounds.length ? bounds[i] : bounds[bounds.length - 1] * 2;
      }
    }
    return bounds[bounds.length - 1] * 2;
  }
}
