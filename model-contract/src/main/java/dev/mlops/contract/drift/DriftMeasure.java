package dev.mlops.contract.drift;

import java.util.Map;

/**
 * One feature's comparison with its baseline.
 *
 * @param method how it was compared
 * @param distance the measured distance (for {@link DriftMethod#CHI_SQUARED} the effect size)
 * @param threshold the distance above which the feature drifted
 * @param pValue the significance of the distance where the method tests it (Robust, ChiSquared),
 *     else null
 * @param drifted whether the feature counts as drifted
 */
public record DriftMeasure(
    DriftMethod method, double distance, double threshold, Double pValue, boolean drifted) {

  /** Model Monitor's wording of a {@code baseline_drift_check} violation. */
  public String description() {
    String p =
        pValue == null
            ? ""
            : pValue < 1e-12 ? ", p-value < 1e-12" : ", p-value " + compact(pValue, 2);
    return "Baseline drift distance: "
        + compact(distance, 4)
        + " exceeds threshold: "
        + compact(threshold, 4)
        + " ("
        + method.eventName()
        + p
        + ")";
  }

  /** A number to a few significant digits, without trailing zeros. */
  static String compact(double v, int digits) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    java.math.BigDecimal d =
        new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros();
    return v != 0 && Math.abs(v) < 1e-4 ? d.toString() : d.toPlainString();
  }

  /**
   * Compares two numeric distributions.
   *
   * @param alpha significance level of the tests that {@link DriftMethod#ROBUST} runs
   */
  public static DriftMeasure numeric(
      Cdf baseline, Cdf current, DriftMethod method, double threshold, double alpha) {
    if (!method.isNumeric()) {
      throw new IllegalArgumentException(method.constraintName() + " is a categorical method");
    }
    return switch (method) {
      case ROBUST -> {
        double d = NumericDrift.linf(baseline, current);
        double p = NumericDrift.ksPValue(d, baseline.weight(), current.weight());
        yield new DriftMeasure(method, d, threshold, p, d > threshold && p < alpha);
      }
      case SIMPLE -> {
        double d = NumericDrift.linf(baseline, current);
        yield new DriftMeasure(method, d, threshold, null, d > threshold);
      }
      case WASSERSTEIN -> {
        double d = NumericDrift.normalizedWasserstein(baseline, current);
        yield new DriftMeasure(method, d, threshold, null, d > threshold);
      }
      case PSI -> {
        double d = NumericDrift.psi(baseline, current);
        yield new DriftMeasure(method, d, threshold, null, d > threshold);
      }
      default -> throw new IllegalStateException(method.name());
    };
  }

  /**
   * Compares two categorical distributions given as label counts.
   *
   * @param alpha significance level of the test that {@link DriftMethod#CHI_SQUARED} runs
   */
  public static DriftMeasure categorical(
      Map<String, Long> baseline,
      Map<String, Long> current,
      DriftMethod method,
      double threshold,
      double alpha) {
    if (method.isNumeric()) {
      throw new IllegalArgumentException(method.constraintName() + " is a numeric method");
    }
    return switch (method) {
      case LINFINITY -> {
        double d = CategoricalDrift.linf(baseline, current);
        yield new DriftMeasure(method, d, threshold, null, d > threshold);
      }
      case JENSEN_SHANNON -> {
        double d = CategoricalDrift.jensenShannon(baseline, current);
        yield new DriftMeasure(method, d, threshold, null, d > threshold);
      }
      case CHI_SQUARED -> {
        CategoricalDrift.ChiSquareTest t = CategoricalDrift.chiSquare(baseline, current);
        yield new DriftMeasure(
            method,
            t.effectSize(),
            threshold,
            t.pValue(),
            t.effectSize() > threshold && t.pValue() < alpha);
      }
      default -> throw new IllegalStateException(method.name());
    };
  }
}
