package dev.mlops.orchestrator.canary;

import dev.mlops.contract.drift.Cdf;
import dev.mlops.contract.drift.DriftMeasure;
import dev.mlops.orchestrator.canary.AnalysisResult.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges one analysis interval of a canary against the stable variant, on the gateways' merged
 * windows: error rate, p99 latency, and what the model answers (a constant, or a distribution far
 * from the stable's). Pure: every rule is tested without a database, AWS or a clock.
 *
 * <p>Too little traffic on either variant makes the interval inconclusive whatever the numbers say:
 * a canary is never promoted, nor failed, on no data.
 */
public final class CanaryAnalysis {

  private static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};
  private static final int HISTOGRAM_BINS = 12;

  private CanaryAnalysis() {}

  public static AnalysisResult judge(VariantStats canary, VariantStats stable, CanarySettings s) {
    long c = canary.countedRequests();
    long st = stable.countedRequests();
    boolean enough = c >= s.minRequests() && st >= s.minRequests();
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            AnalysisResult.TRAFFIC,
            enough ? Verdict.PASS : Verdict.INCONCLUSIVE,
            (double) c,
            (double) st,
            (double) s.minRequests(),
            null,
            enough
                ? "canary " + c + " and stable " + st + " requests"
                : "too little traffic: canary "
                    + c
                    + " and stable "
                    + st
                    + " requests, each variant needs "
                    + s.minRequests()));
    List<Check> measured = new ArrayList<>();
    measured.add(errorRate(canary, stable, s));
    measured.add(latency(canary, stable, s));
    measured.add(constantPredictions(canary, stable, s));
    // sorting the pooled sketch items is the costly part: once per variant for every use below
    Cdf canaryCdf = canary.predictionCdf();
    Cdf stableCdf = stable.predictionCdf();
    measured.add(distribution(canaryCdf, stableCdf, s));
    for (Check m : measured) {
      // on thin data the numbers are shown, but none of them decides anything
      checks.add(
          enough || m.verdict() == Verdict.SKIPPED
              ? m
              : new Check(
                  m.name(),
                  Verdict.INCONCLUSIVE,
                  m.canary(),
                  m.stable(),
                  m.threshold(),
                  m.pValue(),
                  m.detail()));
    }
    Verdict verdict;
    if (!enough) {
      verdict = Verdict.INCONCLUSIVE;
    } else if (checks.stream().anyMatch(k -> k.verdict() == Verdict.FAIL)) {
      verdict = Verdict.FAIL;
    } else {
      verdict = Verdict.PASS;
    }
    return new AnalysisResult(
        verdict,
        List.copyOf(checks),
        summary(canary, canaryCdf, s),
        summary(stable, stableCdf, s),
        histogram(canaryCdf, stableCdf));
  }

  static Check errorRate(VariantStats canary, VariantStats stable, CanarySettings s) {
    double c = rate(canary.errorsOf(s.errorClasses()), canary.countedRequests());
    double st = rate(stable.errorsOf(s.errorClasses()), stable.countedRequests());
    if (Double.isNaN(c)) {
      return new Check(
          AnalysisResult.ERROR_RATE,
          Verdict.INCONCLUSIVE,
          null,
          num(st),
          null,
          null,
          "no canary requests");
    }
    double threshold =
        Double.isNaN(st) ? s.maxErrorRate() : Math.max(s.maxErrorRate(), st + s.errorRateMargin());
    boolean fail = c > threshold;
    return new Check(
        AnalysisResult.ERROR_RATE,
        fail ? Verdict.FAIL : Verdict.PASS,
        c,
        num(st),
        threshold,
        null,
        "canary "
            + percent(c)
            + (fail ? " > " : " <= ")
            + percent(threshold)
            + " (stable "
            + (Double.isNaN(st) ? "-" : percent(st))
            + "; counted "
            + String.join(", ", s.errorClasses())
            + ")");
  }

  static Check latency(VariantStats canary, VariantStats stable, CanarySettings s) {
    double c = canary.latencyQuantileMs(0.99);
    double st = stable.latencyQuantileMs(0.99);
    if (Double.isNaN(c) || Double.isNaN(st)) {
      return new Check(
          AnalysisResult.LATENCY_P99,
          Verdict.SKIPPED,
          num(c),
          num(st),
          null,
          null,
          "no latency samples to compare");
    }
    double threshold = Math.max(s.p99Ratio() * st, st + s.p99FloorMs());
    boolean fail = c > threshold;
    return new Check(
        AnalysisResult.LATENCY_P99,
        fail ? Verdict.FAIL : Verdict.PASS,
        c,
        st,
        threshold,
        null,
        "canary p99 "
            + ms(c)
            + (fail ? " > " : " <= ")
            + ms(threshold)
            + " (stable p99 "
            + ms(st)
            + " x "
            + s.p99Ratio()
            + ", at least +"
            + ms(s.p99FloorMs())
            + ")");
  }

  static Check constantPredictions(VariantStats canary, VariantStats stable, CanarySettings s) {
    if (canary.predictionCount() == 0 || stable.predictionCount() == 0) {
      return new Check(
          AnalysisResult.CONSTANT_PREDICTIONS,
          Verdict.SKIPPED,
          null,
          null,
          null,
          null,
          "no numeric predictions to compare");
    }
    double c = canary.predictionStdDev();
    double st = stable.predictionStdDev();
    if (!(st > 0)) {
      return new Check(
          AnalysisResult.CONSTANT_PREDICTIONS,
          Verdict.PASS,
          c,
          st,
          null,
          null,
          "the stable answers a constant too");
    }
    double threshold = s.constantSpreadRatio() * st;
    boolean fail = c <= threshold;
    return new Check(
        AnalysisResult.CONSTANT_PREDICTIONS,
        fail ? Verdict.FAIL : Verdict.PASS,
        c,
        st,
        threshold,
        null,
        fail
            ? "the canary answers (almost) a constant: standard deviation "
                + number(c)
                + " against the stable's "
                + number(st)
                + " (min "
                + number(canary.min())
                + ", max "
                + number(canary.max())
                + ")"
            : "prediction standard deviation " + number(c) + " against the stable's " + number(st));
  }

  static Check distribution(Cdf c, Cdf st, CanarySettings s) {
    if (c.isEmpty() || st.isEmpty()) {
      return new Check(
          AnalysisResult.PREDICTION_DISTRIBUTION,
          Verdict.SKIPPED,
          null,
          null,
          null,
          null,
          "no prediction sketches to compare");
    }
    DriftMeasure m = DriftMeasure.numeric(st, c, s.driftMethod(), s.threshold(), s.alpha());
    String p =
        m.pValue() == null
            ? ""
            : m.pValue() < 1e-12
                ? ", p-value < 1e-12"
                : String.format(Locale.ROOT, ", p-value %.3g", m.pValue());
    return new Check(
        AnalysisResult.PREDICTION_DISTRIBUTION,
        m.drifted() ? Verdict.FAIL : Verdict.PASS,
        m.distance(),
        null,
        m.threshold(),
        m.pValue(),
        m.method().eventName()
            + " distance "
            + number(m.distance())
            + (m.drifted() ? " > " : " within ")
            + number(m.threshold())
            + p);
  }

  static AnalysisResult.VariantSummary summary(VariantStats v, Cdf cdf, CanarySettings s) {
    AnalysisResult.Predictions predictions = null;
    if (v.predictionCount() > 0) {
      Map<String, Double> q = new LinkedHashMap<>();
      for (double x : QUANTILES) {
        q.put(String.format(Locale.ROOT, "p%02d", Math.round(x * 100)), num(cdf.quantile(x)));
      }
      predictions =
          new AnalysisResult.Predictions(
              v.predictionCount(),
              num(v.predictionMean()),
              num(v.predictionStdDev()),
              num(v.min()),
              num(v.max()),
              q);
    }
    return new AnalysisResult.VariantSummary(
        v.windows(),
        v.requests(),
        v.countedRequests(),
        Map.copyOf(v.errors()),
        num(rate(v.errorsOf(s.errorClasses()), v.countedRequests())),
        num(v.latencyQuantileMs(0.5)),
        num(v.latencyQuantileMs(0.99)),
        predictions);
  }

  /** Both distributions on equal-width bins spanning their 1st to 99th percentiles. */
  static AnalysisResult.Histogram histogram(Cdf canary, Cdf stable) {
    if (canary.isEmpty() || stable.isEmpty()) {
      return null;
    }
    double lo = Math.min(canary.quantile(0.01), stable.quantile(0.01));
    double hi = Math.max(canary.quantile(0.99), stable.quantile(0.99));
    if (!(hi > lo)) {
      double pad = Math.max(Math.abs(lo) * 0.01, 1e-9);
      lo -= pad;
      hi += pad;
    }
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= HISTOGRAM_BINS; i++) {
      edges.add(lo + (hi - lo) * i / HISTOGRAM_BINS);
    }
    return new AnalysisResult.Histogram(edges, stable.shares(edges), canary.shares(edges));
  }

  private static double rate(long errors, long requests) {
    return requests == 0 ? Double.NaN : (double) errors / requests;
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String percent(double v) {
    return String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.1f ms", v);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
