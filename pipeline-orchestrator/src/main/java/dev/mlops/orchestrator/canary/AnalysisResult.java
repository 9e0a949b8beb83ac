package dev.mlops.orchestrator.canary;

import java.util.List;
import java.util.Map;

/**
 * One interval's comparison of canary and stable: the verdict, every check with the measured
 * numbers, and what was measured per variant (what the dashboard charts).
 *
 * @param verdict pass, fail or inconclusive
 * @param checks traffic, error_rate, latency_p99, constant_predictions, prediction_distribution
 * @param canary the canary's numbers
 * @param stable the stable's numbers
 * @param predictionHistogram both prediction distributions on common bins, or null without
 *     predictions
 */
public record AnalysisResult(
    Verdict verdict,
    List<Check> checks,
    VariantSummary canary,
    VariantSummary stable,
    Histogram predictionHistogram) {

  /** Check names. */
  public static final String TRAFFIC = "traffic";

  public static final String ERROR_RATE = "error_rate";
  public static final String LATENCY_P99 = "latency_p99";
  public static final String CONSTANT_PREDICTIONS = "constant_predictions";
  public static final String PREDICTION_DISTRIBUTION = "prediction_distribution";

  /**
   * One check.
   *
   * @param name what was checked
   * @param verdict its verdict
   * @param canary the canary's value (error rate 0-1, p99 in ms, prediction standard deviation, or
   *     the distance of the distributions)
   * @param stable the stable's value (null for the distance, which compares both)
   * @param threshold the value the canary had to stay within
   * @param pValue significance of the distance, where the method tests it
   * @param detail the finding in words
   */
  public record Check(
      String name,
      Verdict verdict,
      Double canary,
      Double stable,
      Double threshold,
      Double pValue,
      String detail) {}

  /**
   * What one variant did in the interval.
   *
   * @param windows gateway windows merged
   * @param requests requests, errors included
   * @param countedRequests requests less the gateway's 4xx refusals
   * @param errors errors by class
   * @param errorRate counted errors / counted requests
   * @param latencyP50Ms median endpoint latency
   * @param latencyP99Ms p99 endpoint latency
   * @param predictions summary of the numeric predictions, or null
   */
  public record VariantSummary(
      int windows,
      long requests,
      long countedRequests,
      Map<String, Long> errors,
      Double errorRate,
      Double latencyP50Ms,
      Double latencyP99Ms,
      Predictions predictions) {}

  /**
   * @param count predictions
   * @param mean their mean
   * @param stdDev their standard deviation
   * @param min smallest
   * @param max largest
   * @param quantiles p05, p25, p50, p75, p95 of the pooled sketches
   */
  public record Predictions(
      long count,
      Double mean,
      Double stdDev,
      Double min,
      Double max,
      Map<String, Double> quantiles) {}

  /**
   * Both prediction distributions on the same bins.
   *
   * @param edges bin edges (one more than bins); the first and last bins also hold the tails
   * @param stable the stable's share per bin
   * @param canary the canary's share per bin
   */
  public record Histogram(List<Double> edges, List<Double> stable, List<Double> canary) {}

  /** The names of the failed checks. */
  public List<String> failedChecks() {
    return checks.stream().filter(c -> c.verdict() == Verdict.FAIL).map(Check::name).toList();
  }

  public Check check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** The failed checks in words, for the rollback reason and the alert. */
  public String failureSummary() {
    return String.join(
        "; ",
        checks.stream()
            .filter(c -> c.verdict() == Verdict.FAIL)
            .map(c -> c.name() + ": " + c.detail())
            .toList());
  }
}
