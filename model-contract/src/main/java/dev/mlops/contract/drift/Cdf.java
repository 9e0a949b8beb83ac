package dev.mlops.contract.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedViewIterator;

/**
 * An empirical, right-continuous step CDF over weighted points: what a KLL sketch's retained items
 * describe, what {@code baseline-sketches.json} and the gateway's prediction summaries store, or a
 * plain sample. Immutable; every distance in this package reads two of them.
 */
public final class Cdf {

  private final double[] values;
  private final double[] cumulative;
  private final double total;

  private Cdf(double[] values, double[] cumulative, double total) {
    this.values = values;
    this.cumulative = cumulative;
    this.total = total;
  }

  /** The distribution a KLL sketch estimates (its sorted view); empty for an empty sketch. */
  public static Cdf of(KllDoublesSketch sketch) {
    if (sketch == null || sketch.isEmpty()) {
      return empty();
    }
    // the sorted view may hold more entries than the sketch's retained count reports
    double[] v = new double[Math.max(16, sketch.getNumRetained())];
    double[] w = new double[v.length];
    int i = 0;
    DoublesSortedViewIterator it = sketch.getSortedView().iterator();
    while (it.next()) {
      if (i == v.length) {
        v = Arrays.copyOf(v, i * 2);
        w = Arrays.copyOf(w, i * 2);
      }
      v[i] = it.getQuantile();
      w[i] = it.getWeight();
      i++;
    }
    return fromSorted(Arrays.copyOf(v, i), Arrays.copyOf(w, i));
  }

  /** From {@code [value, weight]} pairs (the portable sketch form), in any order. */
  public static Cdf ofWeighted(List<double[]> items) {
    if (items == null || items.isEmpty()) {
      return empty();
    }
    double[][] sorted = items.toArray(double[][]::new);
    Arrays.sort(sorted, (a, b) -> Double.compare(a[0], b[0]));
    double[] v = new double[sorted.length];
    double[] w = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      v[i] = sorted[i][0];
      w[i] = sorted[i][1];
    }
    return fromSorted(v, w);
  }

  /** From a plain sample, every value weighing one. */
  public static Cdf ofSample(double... sample) {
    double[] v = sample.clone();
    Arrays.sort(v);
    double[] w = new double[v.length];
    Arrays.fill(w, 1.0);
    return fromSorted(v, w);
  }

  public static Cdf empty() {
    return new Cdf(new double[0], new double[0], 0);
  }

  /**
   * Merges equal values and accumulates weights; drops non-finite values and non-positive weights.
   */
  private static Cdf fromSorted(double[] v, double[] w) {
    double[] values = new double[v.length];
    double[] cumulative = new double[v.length];
    int n = 0;
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i]) || !(w[i] > 0)) {
        continue;
      }
      sum += w[i];
      if (n > 0 && values[n - 1] == v[i]) {
        cumulative[n - 1] = sum;
      } else {
        values[n] = v[i];
        cumulative[n] = sum;
        n++;
      }
    }
    return new Cdf(Arrays.copyOf(values, n), Arrays.copyOf(cumulative, n), sum);
  }

  public boolean isEmpty() {
    return values.length == 0;
  }

  /** The total weight (the sample size a sketch summarises). */
  public double weight() {
    return total;
  }

  /** Distinct support points, ascending. */
  int size() {
    return values.length;
  }

  double value(int i) {
    return values[i];
  }

  /** F at the i-th support point. */
  double cumulativeAt(int i) {
    return cumulative[i] / total;
  }

  /** F(x): the share of the weight at or below x. */
  public double at(double x) {
    if (values.length == 0 || x < values[0]) {
      return 0;
    }
    int i = Arrays.binarySearch(values, x);
    int idx = i >= 0 ? i : -i - 2;
    return cumulative[idx] / total;
  }

  /**
   * The share of the weight in each bin between consecutive edges (lower edge exclusive), the first
   * and last bins taking the tails below and above the edges: what a histogram of this distribution
   * on those bins shows. All zeros when empty.
   */
  public List<Double> shares(List<Double> edges) {
    int bins = edges.size() - 1;
    List<Double> out = new ArrayList<>(Math.max(0, bins));
    for (int i = 0; i < bins; i++) {
      if (isEmpty()) {
        out.add(0.0);
        continue;
      }
      double below = i == 0 ? 0 : at(edges.get(i));
      double upTo = i == bins - 1 ? 1 : at(edges.get(i + 1));
      out.add(Math.max(0, upTo - below));
    }
    return out;
  }

  /** The smallest support point whose F reaches q (the lower quantile); NaN when empty. */
  public double quantile(double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double target = q * total;
    for (int i = 0; i < values.length; i++) {
      if (cumulative[i] >= target - 1e-12 * total) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  public double mean() {
    if (values.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    double prev = 0;
    for (int i = 0; i < values.length; i++) {
      s += values[i] * (cumulative[i] - prev);
      prev = cumulative[i];
    }
    return s / total;
  }

  /** Population standard deviation of the weighted points. */
  public double stdDev() {
    if (values.length == 0) {
      return Double.NaN;
    }
    double m = mean();
    double s = 0;
    double prev = 0;
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - m;
      s += d * d * (cumulative[i] - prev);
      prev = cumulative[i];
    }
    return Math.sqrt(s / total);
  }
}
