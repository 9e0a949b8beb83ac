package dev.mlops.orchestrator.pipeline;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The rule between evaluate and register: the candidate must meet an absolute threshold on one
 * metric, and be no worse than the production model by more than a relative margin.
 */
public final class EvaluationGate {

  private EvaluationGate() {}

  /**
   * @param passed whether the candidate may be registered
   * @param reason one sentence for people, always set
   */
  public record Verdict(boolean passed, String reason) {}

  /**
   * @param settings metric, threshold and margin
   * @param candidate metrics of the candidate from its evaluation.json
   * @param production the same metric of the production model, if there is one
   */
  public static Verdict judge(
      PipelineRun.GateSettings settings, Map<String, Double> candidate, OptionalDouble production) {
    String metric = settings.metric().toLowerCase(Locale.ROOT);
    MetricDirection direction;
    try {
      direction = MetricDirection.of(metric);
    } catch (IllegalArgumentException e) {
      return new Verdict(false, e.getMessage());
    }
    Double value = candidate.get(metric);
    if (value == null || value.isNaN()) {
      return new Verdict(
          false,
          "evaluation.json has no metric '" + metric + "' (it has " + candidate.keySet() + ")");
    }
    String cmp = direction == MetricDirection.LOWER_IS_BETTER ? "<=" : ">=";
    if (!direction.meets(value, settings.threshold())) {
      return new Verdict(
          false,
          String.format(
              Locale.ROOT,
              "%s %.6g misses the threshold (%s %.6g)",
              metric,
              value,
              cmp,
              settings.threshold()));
    }
    if (production.isPresent()) {
      double bound = direction.withMargin(production.getAsDouble(), settings.margin());
      if (!direction.meets(value, bound)) {
        return new Verdict(
            false,
            String.format(
                Locale.ROOT,
                "%s %.6g is worse than production's %.6g beyond the margin of %.3g (needs %s %.6g)",
                metric,
                value,
                production.getAsDouble(),
                settings.margin(),
                cmp,
                bound));
      }
      return new Verdict(
          true,
          String.format(
              Locale.ROOT,
              "%s %.6g meets %s %.6g and production's %.6g within a margin of %.3g",
              metric,
              value,
              cmp,
              settings.threshold(),
              production.getAsDouble(),
              settings.margin()));
    }
    return new Verdict(
        true,
        String.format(
            Locale.ROOT,
            "%s %.6g meets %s %.6g (no model in production yet)",
            metric,
            value,
            cmp,
            settings.threshold()));
  }
}
