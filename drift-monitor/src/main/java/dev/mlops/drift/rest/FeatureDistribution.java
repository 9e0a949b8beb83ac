package dev.mlops.drift.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.drift.Cdf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A feature's baseline and current distributions on common bins: what the dashboard's histograms
 * draw. Numbers are binned between the 0.5 % and 99.5 % quantiles of both (the outer bins also hold
 * the tails), whole numbers over a short range one bin per value; categories are the most frequent
 * labels of either, the rest summed as {@value #OTHER}.
 *
 * @param feature the column
 * @param kind feature or prediction
 * @param type numeric or categorical
 * @param windowId the window the current distribution comes from
 * @param windowStatus its status (open while it is still collecting)
 * @param closedAt when it closed (null while open)
 * @param baselineCount values in the baseline (null without a baseline)
 * @param currentCount values in the window
 * @param edges bin edges, one more than the shares (numeric)
 * @param labels the labels (categorical)
 * @param baseline the baseline's share per bin (null without a baseline)
 * @param current the window's share per bin
 * @param note why something is missing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureDistribution(
    @JsonProperty("feature") String feature,
    @JsonProperty("kind") String kind,
    @JsonProperty("type") String type,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("window_id") String windowId,
    @JsonProperty("window_status") String windowStatus,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("baseline_count") Long baselineCount,
    @JsonProperty("current_count") long currentCount,
    @JsonProperty("edges") List<Double> edges,
    @JsonProperty("labels") List<String> labels,
    @JsonProperty("baseline") List<Double> baseline,
    @JsonProperty("current") List<Double> current,
    @JsonProperty("note") String note) {

  /** Bins of a numeric feature. */
  static final int BINS = 24;

  /** Whole numbers spanning at most this many values get one bin per value. */
  static final int MAX_UNIT_BINS = 40;

  /** Labels shown before the rest is summed. */
  static final int TOP_LABELS = 12;

  static final String OTHER = "(other)";

  /** Where the current distribution comes from. */
  record Window(String id, String status, String closedAt, String endpoint, String modelVersion) {}

  /** The shares of both on common bins. */
  record Bins(
      List<Double> edges, List<String> labels, List<Double> baseline, List<Double> current) {}

  static FeatureDistribution of(
      String feature,
      String kind,
      Window window,
      BaselineSketches.Entry baseline,
      BaselineSketches.Entry current,
      String note) {
    boolean categorical = "categorical".equals(current.type());
    Bins bins = categorical ? categorical(baseline, current) : numeric(baseline, current);
    return new FeatureDistribution(
        feature,
        kind,
        categorical ? "categorical" : "numeric",
        window.endpoint(),
        window.modelVersion(),
        window.id(),
        window.status(),
        window.closedAt(),
        baseline == null ? null : baseline.count(),
        current.count(),
        bins.edges(),
        bins.labels(),
        bins.baseline(),
        bins.current(),
        note);
  }

  /** Numbers: common edges over both, shares from each one's CDF. */
  static Bins numeric(BaselineSketches.Entry baseline, BaselineSketches.Entry current) {
    Cdf b =
        baseline == null || baseline.items() == null
            ? Cdf.empty()
            : Cdf.ofWeighted(baseline.items());
    Cdf c = current.items() == null ? Cdf.empty() : Cdf.ofWeighted(current.items());
    if (b.isEmpty() && c.isEmpty()) {
      return new Bins(List.of(), null, baseline == null ? null : List.of(), List.of());
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Cdf cdf : List.of(b, c)) {
      if (!cdf.isEmpty()) {
        lo = Math.min(lo, cdf.quantile(0.005));
        hi = Math.max(hi, cdf.quantile(0.995));
      }
    }
    List<Double> edges = new ArrayList<>();
    if (wholeNumbers(baseline) && wholeNumbers(current) && hi - lo <= MAX_UNIT_BINS) {
      for (double x = Math.floor(lo) - 0.5; x <= Math.ceil(hi) + 0.5; x += 1) {
        edges.add(x);
      }
    } else {
      if (hi <= lo) {
        double pad = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
        lo -= pad;
        hi += pad;
      }
      for (int i = 0; i <= BINS; i++) {
        edges.add(lo + (hi - lo) * i / BINS);
      }
    }
    return new Bins(edges, null, baseline == null ? null : b.shares(edges), c.shares(edges));
  }

  private static boolean wholeNumbers(BaselineSketches.Entry e) {
    if (e == null || e.items() == null) {
      return true;
    }
    for (double[] item : e.items()) {
      if (item[0] != Math.rint(item[0])) {
        return false;
      }
    }
    return true;
  }

  /** Categories: the most frequent labels of either, then the rest. */
  static Bins categorical(BaselineSketches.Entry baseline, BaselineSketches.Entry current) {
    Map<String, Long> b =
        baseline == null || baseline.labels() == null ? Map.of() : baseline.labels();
    Map<String, Long> c = current.labels() == null ? Map.of() : current.labels();
    double bTotal = b.values().stream().mapToLong(Long::longValue).sum();
    double cTotal = c.values().stream().mapToLong(Long::longValue).sum();
    Set<String> all = new LinkedHashSet<>(b.keySet());
    all.addAll(c.keySet());
    List<String> labels =
        all.stream()
            .sorted(
                Comparator.comparingDouble(
                        (String l) -> Math.max(share(b.get(l), bTotal), share(c.get(l), cTotal)))
                    .reversed()
                    .thenComparing(Comparator.naturalOrder()))
            .limit(TOP_LABELS)
            .toList();
    List<Double> bs = new ArrayList<>();
    List<Double> cs = new ArrayList<>();
    for (String l : labels) {
      bs.add(share(b.get(l), bTotal));
      cs.add(share(c.get(l), cTotal));
    }
    List<String> shown = new ArrayList<>(labels);
    double bRest = 1 - bs.stream().mapToDouble(Double::doubleValue).sum();
    double cRest = 1 - cs.stream().mapToDouble(Double::doubleValue).sum();
    if (all.size() > labels.size() && (bRest > 1e-9 || cRest > 1e-9)) {
      shown.add(OTHER);
      bs.add(bTotal == 0 ? 0 : Math.max(0, bRest));
      cs.add(cTotal == 0 ? 0 : Math.max(0, cRest));
    }
    return new Bins(null, shown, baseline == null ? null : bs, cs);
  }

  private static double share(Long count, double total) {
    return count == null || total == 0 ? 0 : count / total;
  }
}
