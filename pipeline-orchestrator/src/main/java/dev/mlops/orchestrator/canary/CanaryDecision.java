package dev.mlops.orchestrator.canary;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a canary does after an analysis: the step plan, the failure limit and the cap on
 * inconclusive intervals as one pure rule.
 *
 * @param action what to do
 * @param step the step afterwards (index into the plan)
 * @param consecutiveFailures failed intervals in a row afterwards
 * @param consecutiveInconclusive inconclusive intervals in a row afterwards
 */
public record CanaryDecision(
    Action action, int step, int consecutiveFailures, int consecutiveInconclusive) {

  public enum Action {
    /** Passed: the next weight of the plan. */
    ADVANCE,
    /** Passed the last weight below 100 %: all traffic to the canary. */
    PROMOTE,
    /** Failed, below the failure limit: same weight, a new interval. */
    HOLD,
    /** Inconclusive: same weight, the interval goes on collecting traffic. */
    WAIT,
    /** Failed the limit: weight 0, the canary's endpoint deleted. */
    ROLL_BACK,
    /** Inconclusive too often: stays at its weight until a person decides. */
    PAUSE;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static CanaryDecision after(
      int step, int failures, int inconclusive, Verdict verdict, CanarySettings s) {
    return switch (verdict) {
      case PASS -> {
        int next = step + 1;
        yield new CanaryDecision(s.promotesAt(next) ? Action.PROMOTE : Action.ADVANCE, next, 0, 0);
      }
      case FAIL -> {
        int f = failures + 1;
        yield new CanaryDecision(
            f >= s.failureLimit() ? Action.ROLL_BACK : Action.HOLD, step, f, 0);
      }
      case INCONCLUSIVE, SKIPPED -> {
        int i = inconclusive + 1;
        yield new CanaryDecision(
            i >= s.maxInconclusive() ? Action.PAUSE : Action.WAIT, step, failures, i);
      }
    };
  }

  /**
   * Whether a look before the interval's end could roll back at all: fail-fast is on and one more
   * failure reaches the failure limit. When not, that look (two window queries and a judgement) is
   * not worth taking.
   */
  public static boolean mayFailFast(int failures, CanarySettings s) {
    return s.failFast() && failures + 1 >= s.failureLimit();
  }

  /**
   * Whether an analysis taken before the interval's end already rolls the canary back: only a
   * failed error rate on enough traffic, and only when it reaches the failure limit. Latency and
   * model checks wait for the full interval (looking at them often would raise false alarms).
   */
  public static boolean failsFast(AnalysisResult r, int failures, CanarySettings s) {
    if (!mayFailFast(failures, s)) {
      return false;
    }
    AnalysisResult.Check traffic = r.check(AnalysisResult.TRAFFIC);
    AnalysisResult.Check errors = r.check(AnalysisResult.ERROR_RATE);
    return traffic != null
        && traffic.verdict() == Verdict.PASS
        && errors != null
        && errors.verdict() == Verdict.FAIL;
  }
}
