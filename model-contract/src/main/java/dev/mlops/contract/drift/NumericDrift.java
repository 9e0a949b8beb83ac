package dev.mlops.contract.drift;

/**
 * Distances between two numeric distributions given as {@link Cdf}s: the baseline (training data,
 * or the stable variant) and the current one (a monitoring window, or the canary).
 */
public final class NumericDrift {

  /** Default number of baseline-quantile bins for {@link #psi}. */
  public static final int PSI_BINS = 10;

  /** Floor for a bin's share in {@link #psi}, so an empty bin gives a large but finite term. */
  public static final double PSI_EPSILON = 1e-4;

  private NumericDrift() {}

  /**
   * The L-infinity distance between the two CDFs, {@code sup |F_b(x) - F_c(x)|}: the two-sample
   * Kolmogorov-Smirnov statistic, and the distance Model Monitor's {@code baseline_drift_check}
   * compares with its threshold. 0 when either side is empty.
   */
  public static double linf(Cdf baseline, Cdf current) {
    if (baseline.isEmpty() || current.isEmpty()) {
      return 0;
    }
    double max = 0;
    int i = 0;
    int j = 0;
    double fb = 0;
    double fc = 0;
    // Both CDFs are step functions that only change at support points: walk their union once.
    while (i < baseline.size() || j < current.size()) {
      double x;
      if (j >= current.size() || (i < baseline.size() && baseline.value(i) <= current.value(j))) {
        x = baseline.value(i);
      } else {
        x = current.value(j);
      }
      while (i < baseline.size() && baseline.value(i) <= x) {
        fb = baseline.cumulativeAt(i++);
      }
      while (j < current.size() && current.value(j) <= x) {
        fc = current.cumulativeAt(j++);
      }
      max = Math.max(max, Math.abs(fb - fc));
    }
    return max;
  }

  /**
   * The asymptotic p-value of a two-sample Kolmogorov-Smirnov statistic {@code d} for samples of
   * sizes n and m (Stephens' small-sample correction): the chance of a distance at least this large
   * when both samples come from one distribution.
   */
  public static double ksPValue(double d, double n, double m) {
    if (n <= 0 || m <= 0 || d <= 0) {
      return 1;
    }
    double ne = n * m / (n + m);
    double sq = Math.sqrt(ne);
    double lambda = (sq + 0.12 + 0.11 / sq) * d;
    return Distributions.kolmogorovSurvival(lambda);
  }

  /** The Wasserstein-1 (earth mover's) distance, {@code integral |F_b(x) - F_c(x)| dx}. */
  public static double wasserstein(Cdf baseline, Cdf current) {
    if (baseline.isEmpty() || current.isEmpty()) {
      return 0;
    }
    double area = 0;
    int i = 0;
    int j = 0;
    double fb = 0;
    double fc = 0;
    double prev = Double.NaN;
    while (i < baseline.size() || j < current.size()) {
      double x;
      if (j >= current.size() || (i < baseline.size() && baseline.value(i) <= current.value(j))) {
        x = baseline.value(i);
      } else {
        x = current.value(j);
      }
      if (!Double.isNaN(prev)) {
        area += Math.abs(fb - fc) * (x - prev);
      }
      while (i < baseline.size() && baseline.value(i) <= x) {
        fb = baseline.cumulativeAt(i++);
      }
      while (j < current.size() && current.value(j) <= x) {
        fc = current.cumulativeAt(j++);
      }
      prev = x;
    }
    return area;
  }

  /**
   * The Wasserstein-1 distance in units of the baseline's standard deviation, so one threshold
   * (e.g. 0.1) fits features of any scale. A constant baseline is scaled by its magnitude instead
   * (or not at all when it is zero).
   */
  public static double normalizedWasserstein(Cdf baseline, Cdf current) {
    double w = wasserstein(baseline, current);
    if (w == 0) {
      return 0;
    }
    double scale = baseline.stdDev();
    if (!(scale > 0)) {
      double m = Math.abs(baseline.mean());
      scale = m > 0 ? m : 1;
    }
    return w / scale;
  }

  /** The population stability index over {@value #PSI_BINS} baseline-quantile bins. */
  public static double psi(Cdf baseline, Cdf current) {
    return psi(baseline, current, PSI_BINS);
  }

  /**
   * The population stability index {@code sum (c_i - b_i) ln(c_i / b_i)} over bins whose edges are
   * the baseline's quantiles (ties merge bins, so a discrete feature gets one bin per value at
   * most). Shares are floored at {@value #PSI_EPSILON}.
   */
  public static double psi(Cdf baseline, Cdf current, int bins) {
    if (baseline.isEmpty() || current.isEmpty()) {
      return 0;
    }
    double[] edges = new double[bins - 1];
    int n = 0;
    for (int k = 1; k < bins; k++) {
      double e = baseline.quantile((double) k / bins);
      if (n == 0 || e > edges[n - 1]) {
        edges[n++] = e;
      }
    }
    double sum = 0;
    double prevB = 0;
    double prevC = 0;
    for (int k = 0; k <= n; k++) {
      double fb = k < n ? baseline.at(edges[k]) : 1;
      double fc = k < n ? current.at(edges[k]) : 1;
      double b = Math.max(fb - prevB, PSI_EPSILON);
      double c = Math.max(fc - prevC, PSI_EPSILON);
      sum += (c - b) * Math.log(c / b);
      prevB = fb;
      prevC = fc;
    }
    return sum;
  }
}
