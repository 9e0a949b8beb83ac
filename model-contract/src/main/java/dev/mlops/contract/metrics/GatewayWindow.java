package dev.mlops.contract.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.util.List;
import java.util.Map;

/**
 * One gateway instance's per-variant aggregates over a short window, sent to the {@code
 * gateway-metrics} queue every few seconds. The orchestrator merges the windows of all gateways for
 * canary analysis: every field is mergeable (counts add, histograms share fixed bucket bounds,
 * prediction sketches are weighted items).
 *
 * @param type always {@value #TYPE}
 * @param gatewayId the sending instance (a Lambda sandbox, or a local process)
 * @param windowStart ISO-8601 instant, inclusive
 * @param windowEnd ISO-8601 instant, exclusive
 * @param policyVersion the routing policy version in force
 * @param variants one entry per variant that saw traffic
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayWindow(
    @JsonProperty("type") String type,
    @JsonProperty("gateway_id") String gatewayId,
    @JsonProperty("window_start") String windowStart,
    @JsonProperty("window_end") String windowEnd,
    @JsonProperty("policy_version") long policyVersion,
    @JsonProperty("variants") List<VariantWindow> variants) {

  public static final String TYPE = "gateway-window";

  /**
   * Latency histogram upper bounds in milliseconds, shared by every gateway so windows merge; the
   * last bucket counts everything above the last bound.
   */
  public static final double[] LATENCY_BOUNDS_MS = {
    0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000,
    10000
  };

  /**
   * @param variant stable, canary or shadow
   * @param endpoint SageMaker endpoint name
   * @param modelVersion registry version it serves
   * @param requests requests answered (including errors)
   * @param errors counts by class: {@code client} (4xx the gateway refused), {@code model} (the
   *     model answered an error), {@code throttled}, {@code unavailable}, {@code timeout}
   * @param latencyCounts counts per {@link #LATENCY_BOUNDS_MS} bucket (length bounds + 1), for
   *     requests that reached the endpoint
   * @param predictions summary of the numeric predictions returned
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VariantWindow(
      @JsonProperty("variant") String variant,
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("model_version") String modelVersion,
      @JsonProperty("requests") long requests,
      @JsonProperty("errors") Map<String, Long> errors,
      @JsonProperty("latency_counts") long[] latencyCounts,
      @JsonProperty("predictions") PredictionSummary predictions) {}

  /**
   * @param count predictions summarised
   * @param sum their sum
   * @param sumOfSquares sum of squares (for the variance)
   * @param min smallest
   * @param max largest
   * @param items a KLL sketch's retained items as [value, weight] pairs (mergeable quantiles)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PredictionSummary(
      @JsonProperty("count") long count,
      @JsonProperty("sum") double sum,
      @JsonProperty("sum_of_squares") double sumOfSquares,
      @JsonProperty("min") double min,
      @JsonProperty("max") double max,
      @JsonProperty("items") List<double[]> items) {}

  public static GatewayWindow parse(byte[] json) {
    return Json.read(json, GatewayWindow.class);
  }

  public String toJson() {
    return Json.string(this);
  }
}
