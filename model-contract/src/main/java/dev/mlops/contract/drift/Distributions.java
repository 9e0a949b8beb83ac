package dev.mlops.contract.drift;

/** The tail probabilities the drift tests need; no statistics library for four functions. */
final class Distributions {

  private static final double EPS = 1e-15;
  private static final int MAX_ITERATIONS = 500;

  private Distributions() {}

  /** P(K > lambda) for the Kolmogorov distribution. */
  static double kolmogorovSurvival(double lambda) {
    if (lambda < 0.2) {
      // the alternating series converges too slowly here, and the value is 1 to 1e-9 anyway
      return 1;
    }
    double sum = 0;
    double a2 = -2 * lambda * lambda;
    double sign = 1;
    for (int j = 1; j <= 100; j++) {
      double term = sign * Math.exp(a2 * j * j);
      sum += term;
      if (Math.abs(term) <= 1e-12 * Math.abs(sum) || Math.abs(term) < 1e-300) {
        break;
      }
      sign = -sign;
    }
    return Math.min(1, Math.max(0, 2 * sum));
  }

  /** P(X > x) for a chi-square variable with k degrees of freedom. */
  static double chiSquareSurvival(double x, double k) {
    if (x <= 0) {
      return 1;
    }
    return regularizedGammaQ(k / 2, x / 2);
  }

  /** Q(a, x) = Gamma(a, x) / Gamma(a), the regularized upper incomplete gamma function. */
  static double regularizedGammaQ(double a, double x) {
    if (x < a + 1) {
      return 1 - lowerSeries(a, x);
    }
    return upperContinuedFraction(a, x);
  }

  private static double lowerSeries(double a, double x) {
    double ap = a;
    double del = 1 / a;
    double sum = del;
    for (int n = 0; n < MAX_ITERATIONS; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  private static double upperContinuedFraction(double a, double x) {
    // Lentz's method for the continued fraction of Gamma(a, x)
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** ln Gamma(x) for x > 0 (Lanczos approximation, g = 7, n = 9). */
  static double logGamma(double x) {
    double[] c = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = c[0];
    double t = z + 7.5;
    for (int i = 1; i < 9; i++) {
      sum += c[i] / (z + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
