package dev.mlops.contract.drift;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Distances between two categorical distributions given as label counts: the baseline and the
 * current window. Labels missing on one side count zero there.
 */
public final class CategoricalDrift {

  private CategoricalDrift() {}

  /**
   * The largest difference in any label's share, {@code max |p_b(l) - p_c(l)|}: Model Monitor's
   * {@code LInfinity} categorical drift method. 0 when either side is empty.
   */
  public static double linf(Map<String, Long> baseline, Map<String, Long> current) {
    double nb = total(baseline);
    double nc = total(current);
    if (nb == 0 || nc == 0) {
      return 0;
    }
    double max = 0;
    for (String label : labels(baseline, current)) {
      max = Math.max(max, Math.abs(count(baseline, label) / nb - count(current, label) / nc));
    }
    return max;
  }

  /**
   * The Jensen-Shannon divergence in bits: symmetric, finite even for labels one side never saw,
   * between 0 (same shares) and 1 (disjoint labels).
   */
  public static double jensenShannon(Map<String, Long> baseline, Map<String, Long> current) {
    double nb = total(baseline);
    double nc = total(current);
    if (nb == 0 || nc == 0) {
      return 0;
    }
    double js = 0;
    for (String label : labels(baseline, current)) {
      double p = count(baseline, label) / nb;
      double q = count(current, label) / nc;
      double m = (p + q) / 2;
      if (p > 0) {
        js += 0.5 * p * log2(p / m);
      }
      if (q > 0) {
        js += 0.5 * q * log2(q / m);
      }
    }
    return Math.max(0, Math.min(1, js));
  }

  /**
   * The chi-square goodness-of-fit test of the current counts against the baseline's shares.
   * Baseline shares get add-half smoothing over the union of labels, so a label the baseline never
   * saw has a small expected count instead of a division by zero.
   */
  public static ChiSquareTest chiSquare(Map<String, Long> baseline, Map<String, Long> current) {
    double nb = total(baseline);
    double nc = total(current);
    Set<String> labels = labels(baseline, current);
    int k = labels.size();
    if (nb == 0 || nc == 0 || k < 2) {
      return new ChiSquareTest(0, Math.max(0, k - 1), 1, 0);
    }
    double smoothedTotal = nb + 0.5 * k;
    double statistic = 0;
    double effect = 0;
    for (String label : labels) {
      double p = (count(baseline, label) + 0.5) / smoothedTotal;
      double q = count(current, label) / nc;
      double expected = nc * p;
      double o = count(current, label);
      statistic += (o - expected) * (o - expected) / expected;
      effect += (q - p) * (q - p) / p;
    }
    int dof = k - 1;
    return new ChiSquareTest(
        statistic, dof, Distributions.chiSquareSurvival(statistic, dof), Math.sqrt(effect));
  }

  /**
   * @param statistic Pearson's chi-square statistic
   * @param degreesOfFreedom labels minus one
   * @param pValue the chance of a statistic this large if the window follows the baseline
   * @param effectSize Cohen's w, {@code sqrt(sum (q - p)^2 / p)}: the size of the shift,
   *     independent of the window size (0.1 small, 0.3 medium, 0.5 large)
   */
  public record ChiSquareTest(
      double statistic, int degreesOfFreedom, double pValue, double effectSize) {}

  private static Set<String> labels(Map<String, Long> a, Map<String, Long> b) {
    Set<String> all = new LinkedHashSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }

  private static double count(Map<String, Long> counts, String label) {
    Long c = counts.get(label);
    return c == null ? 0 : Math.max(0, c);
  }

  private static double total(Map<String, Long> counts) {
    double t = 0;
    for (Long c : counts.values()) {
      if (c != null && c > 0) {
        t += c;
      }
    }
    return t;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
