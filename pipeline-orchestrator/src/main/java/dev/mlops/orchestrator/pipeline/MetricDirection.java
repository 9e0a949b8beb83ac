package dev.mlops.orchestrator.pipeline;

import java.util.Locale;
import java.util.Set;

/** Whether a bigger value of a metric is better or worse. */
public enum MetricDirection {
  LOWER_IS_BETTER,
  HIGHER_IS_BETTER;

  private static final Set<String> LOWER = Set.of("rmse", "mse", "mae", "mape", "logloss", "error");
  private static final Set<String> HIGHER =
      Set.of("r2", "accuracy", "f1", "weighted_f1", "auc", "precision", "recall");

  /** The direction of a metric named as in evaluation.json. */
  public static MetricDirection of(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    if (LOWER.contains(m)) {
      return LOWER_IS_BETTER;
    }
    if (HIGHER.contains(m)) {
      return HIGHER_IS_BETTER;
    }
    throw new IllegalArgumentException(
        "gate metric '" + metric + "' is unknown; use one of " + LOWER + " or " + HIGHER);
  }

  /** Whether {@code value} meets {@code bound} (at most for lower-is-better, else at least). */
  public boolean meets(double value, double bound) {
    return this == LOWER_IS_BETTER ? value <= bound : value >= bound;
  }

  /** The worst value still accepted against {@code reference} with a relative margin. */
  public double withMargin(double reference, double margin) {
    double slack = Math.abs(reference) * margin;
    return this == LOWER_IS_BETTER ? reference + slack : reference - slack;
  }
}
