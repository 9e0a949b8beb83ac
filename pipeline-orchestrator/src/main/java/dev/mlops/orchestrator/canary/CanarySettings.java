package dev.mlops.orchestrator.canary;

import dev.mlops.contract.drift.DriftMethod;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan and the thresholds of one canary. A canary keeps the settings it started with (they are
 * stored with it), so a configuration change or a restart never changes the rules mid-canary.
 *
 * @param steps weights in percent, ascending, the last one 100 (reaching it promotes)
 * @param intervalSeconds how long each weight bakes before its analysis
 * @param minRequests requests per variant an interval needs for a verdict
 * @param failureLimit consecutive failed intervals that roll the canary back
 * @param maxInconclusive consecutive inconclusive intervals after which the canary pauses
 * @param failFast roll back on a failed error rate before the interval ends
 * @param errorClasses gateway error classes that count as the variant's errors
 * @param maxErrorRate error rate the canary may always have
 * @param errorRateMargin how far above the stable's error rate the canary may be
 * @param p99Ratio multiple of the stable's p99 latency above which the canary fails
 * @param p99FloorMs the canary's p99 must also be this much above the stable's to fail
 * @param method distance of the prediction distributions (a numeric {@link DriftMethod})
 * @param threshold distance above which the canary fails
 * @param alpha significance level of the Robust method's test
 * @param constantSpreadRatio canary/stable standard deviation ratio at or below which the canary
 *     answers a constant
 */
public record CanarySettings(
    List<Integer> steps,
    long intervalSeconds,
    int minRequests,
    int failureLimit,
    int maxInconclusive,
    boolean failFast,
    List<String> errorClasses,
    double maxErrorRate,
    double errorRateMargin,
    double p99Ratio,
    double p99FloorMs,
    String method,
    double threshold,
    double alpha,
    double constantSpreadRatio) {

  public CanarySettings {
    steps = normalizedSteps(steps);
    if (intervalSeconds < 1) {
      throw new IllegalArgumentException("mlops.canary.interval must be at least 1s");
    }
    if (minRequests < 1) {
      throw new IllegalArgumentException("mlops.canary.min-requests must be at least 1");
    }
    if (failureLimit < 1) {
      throw new IllegalArgumentException("mlops.canary.failure-limit must be at least 1");
    }
    if (maxInconclusive < 1) {
      throw new IllegalArgumentException("mlops.canary.max-inconclusive must be at least 1");
    }
    errorClasses = List.copyOf(errorClasses);
    if (!(maxErrorRate >= 0 && maxErrorRate < 1) || !(errorRateMargin >= 0)) {
      throw new IllegalArgumentException(
          "mlops.canary.error-rate.max must be in [0, 1) and error-rate.margin at least 0");
    }
    if (!(p99Ratio >= 1) || !(p99FloorMs >= 0)) {
      throw new IllegalArgumentException(
          "mlops.canary.latency.p99-ratio must be at least 1 and p99-floor at least 0");
    }
    DriftMethod m = DriftMethod.parse(method);
    if (!m.isNumeric()) {
      throw new IllegalArgumentException(
          "mlops.canary.predictions.method must be Robust, Simple, Wasserstein or PSI, not "
              + method);
    }
    method = m.constraintName();
    if (!(threshold > 0) || !(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "mlops.canary.predictions.threshold must be above 0 and alpha in (0, 1)");
    }
    if (!(constantSpreadRatio >= 0 && constantSpreadRatio < 1)) {
      throw new IllegalArgumentException(
          "mlops.canary.predictions.constant-spread-ratio must be in [0, 1)");
    }
  }

  /** The settings the configuration asks for (validated: a bad value stops the start-up). */
  public static CanarySettings of(OrchestratorConfig.Canary c) {
    return new CanarySettings(
        c.steps(),
        c.interval().toSeconds(),
        c.minRequests(),
        c.failureLimit(),
        c.maxInconclusive(),
        c.failFast(),
        c.errorRate().classes().stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList(),
        c.errorRate().max(),
        c.errorRate().margin(),
        c.latency().p99Ratio(),
        c.latency().p99Floor().toNanos() / 1e6,
        c.predictions().method(),
        c.predictions().threshold(),
        c.predictions().alpha(),
        c.predictions().constantSpreadRatio());
  }

  private static List<Integer> normalizedSteps(List<Integer> steps) {
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("mlops.canary.steps needs at least one weight");
    }
    List<Integer> out = new ArrayList<>();
    for (Integer s : steps) {
      if (s == null || s < 1 || s > 100) {
        throw new IllegalArgumentException(
            "mlops.canary.steps are percentages from 1 to 100, not " + s);
      }
      if (!out.isEmpty() && s <= out.get(out.size() - 1)) {
        throw new IllegalArgumentException(
            "mlops.canary.steps must go up, e.g. 10,25,50,100; got " + steps);
      }
      out.add(s);
    }
    if (out.get(out.size() - 1) != 100) {
      out.add(100);
    }
    return List.copyOf(out);
  }

  public Duration interval() {
    return Duration.ofSeconds(intervalSeconds);
  }

  /** The canary's share of traffic at a step, 0 to 1. */
  public double weightAt(int step) {
    return steps.get(step) / 100.0;
  }

  /** Whether the step promotes the canary (all traffic). */
  public boolean promotesAt(int step) {
    return steps.get(step) >= 100;
  }

  public DriftMethod driftMethod() {
    return DriftMethod.parse(method);
  }
}
