package dev.mlops.contract.baseline;

import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.monitor.Constraints;
import dev.mlops.contract.monitor.Statistics;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The training baseline of a model: Model Monitor's {@code statistics.json} and {@code
 * constraints.json}, and our {@code baseline-sketches.json}, all computed in one pass.
 */
public record Baseline(Statistics statistics, Constraints constraints, BaselineSketches sketches) {

  /** Model Monitor's default drift threshold. */
  public static final double DEFAULT_DRIFT_THRESHOLD = 0.1;

  public static final String STATISTICS_FILE = "statistics.json";
  public static final String CONSTRAINTS_FILE = "constraints.json";

  private static final int HISTOGRAM_BUCKETS = 10;
  private static final int MAX_DOMAIN = 1000;

  /** Folds every row of the table into per-feature sketches (and the target). */
  public static Baseline compute(DatasetSchema schema, CsvTable table) {
    Map<String, FeatureSketch> sketches = new LinkedHashMap<>();
    for (Feature f : schema.features()) {
      sketches.put(f.name(), f.isNumeric() ? FeatureSketch.numeric() : FeatureSketch.categorical());
    }
    FeatureSketch target =
        schema.problemType().isClassification()
            ? FeatureSketch.categorical()
            : FeatureSketch.numeric();
    for (int r = 0; r < table.size(); r++) {
      for (Feature f : schema.features()) {
        fold(schema, sketches.get(f.name()), table.get(r, table.column(f.name())));
      }
      fold(schema, target, table.get(r, table.column(schema.target())));
    }
    return of(schema, table.size(), sketches, target);
  }

  /** Folds one raw value into a sketch: missing, wrong type, number or label. */
  public static void fold(DatasetSchema schema, FeatureSketch sketch, String value) {
    if (schema.isMissing(value)) {
      sketch.addMissing();
    } else if (sketch.isNumeric()) {
      Double v;
      try {
        v = Values.parseFinite(value);
      } catch (Values.NonFiniteException e) {
        v = null;
      }
      if (v == null) {
        sketch.addWrongType();
      } else {
        sketch.addNumber(v);
      }
    } else {
      sketch.addLabel(value.trim());
    }
  }

  /** Builds the three files from folded sketches. */
  public static Baseline of(
      DatasetSchema schema, long rows, Map<String, FeatureSketch> sketches, FeatureSketch target) {
    List<Statistics.FeatureStatistics> stats = new ArrayList<>();
    List<Constraints.FeatureConstraint> constraints = new ArrayList<>();
    for (Map.Entry<String, FeatureSketch> e : sketches.entrySet()) {
      stats.add(statistics(e.getKey(), e.getValue()));
      constraints.add(constraint(e.getKey(), e.getValue(), rows));
    }
    Constraints.MonitoringConfig config =
        new Constraints.MonitoringConfig(
            "Enabled",
            "Enabled",
            1.0,
            1.0,
            new Constraints.DistributionConstraints(
                "Enabled",
                DEFAULT_DRIFT_THRESHOLD,
                "Robust",
                DEFAULT_DRIFT_THRESHOLD,
                "LInfinity"));
    return new Baseline(
        new Statistics(0.0, new Statistics.Dataset(rows), stats),
        new Constraints(0.0, constraints, config),
        BaselineSketches.of(rows, sketches, target));
  }

  /** Model Monitor statistics of one feature. */
  public static Statistics.FeatureStatistics statistics(String name, FeatureSketch s) {
    Statistics.Common common = new Statistics.Common(s.present(), s.missing() + s.wrongType());
    if (s.isNumeric()) {
      KllDoublesSketch kll = s.kll();
      boolean empty = kll.isEmpty();
      double min = empty ? 0 : kll.getMinItem();
      double max = empty ? 0 : kll.getMaxItem();
      return new Statistics.FeatureStatistics(
          name,
          integral(kll) ? "Integral" : "Fractional",
          new Statistics.NumericalStatistics(
              common,
              empty ? 0 : s.mean(),
              s.sum(),
              empty ? 0 : s.stdDev(),
              min,
              max,
              new Statistics.NumericDistribution(
                  new Statistics.Kll(histogram(kll, min, max), sketchData(kll)))),
          null);
    }
    List<Statistics.CategoryCount> buckets = new ArrayList<>();
    for (ItemsSketch.Row<String> row : s.labelCounts()) {
      buckets.add(new Statistics.CategoryCount(row.getItem(), row.getEstimate()));
    }
    return new Statistics.FeatureStatistics(
        name,
        "String",
        null,
        new Statistics.StringStatistics(
            common,
            buckets.size(),
            new Statistics.CategoricalDistribution(new Statistics.Categorical(buckets))));
  }

  private static boolean integral(KllDoublesSketch kll) {
    if (kll.isEmpty()) {
      return false;
    }
    for (double q : kll.getQuantiles(new double[] {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1})) {
      if (q != Math.rint(q)) {
        return false;
      }
    }
    return true;
  }

  private static List<Statistics.Bucket> histogram(KllDoublesSketch kll, double min, double max) {
    List<Statistics.Bucket> buckets = new ArrayList<>();
    if (kll.isEmpty()) {
      return buckets;
    }
    if (min == max) {
      buckets.add(new Statistics.Bucket(min, max, kll.getN()));
      return buckets;
    }
    double width = (max - min) / HISTOGRAM_BUCKETS;
    double[] splits = new double[HISTOGRAM_BUCKETS - 1];
    for (int i = 0; i < splits.length; i++) {
      splits[i] = min + width * (i + 1);
    }
    double[] pmf = kll.getPMF(splits);
    for (int i = 0; i < HISTOGRAM_BUCKETS; i++) {
      buckets.add(
          new Statistics.Bucket(
              min + width * i,
              i == HISTOGRAM_BUCKETS - 1 ? max : min + width * (i + 1),
              Math.round(pmf[i] * kll.getN())));
    }
    return buckets;
  }

  private static Statistics.KllSketch sketchData(KllDoublesSketch kll) {
    // Model Monitor lists the sketch's retained items; one level is enough for its readers.
    List<Double> items = new ArrayList<>();
    if (!kll.isEmpty()) {
      for (double q : kll.getQuantiles(evenRanks(100))) {
        items.add(q);
      }
    }
    return new Statistics.KllSketch(
        new Statistics.KllParameters(0.64, FeatureSketch.KLL_K), List.of(items));
  }

  private static double[] evenRanks(int n) {
    double[] ranks = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      ranks[i] = (double) i / n;
    }
    return ranks;
  }

  private static Constraints.FeatureConstraint constraint(String name, FeatureSketch s, long rows) {
    double completeness = rows == 0 ? 1.0 : (double) s.present() / rows;
    if (s.isNumeric()) {
      boolean nonNegative = s.kll().isEmpty() || s.kll().getMinItem() >= 0;
      return new Constraints.FeatureConstraint(
          name,
          integral(s.kll()) ? "Integral" : "Fractional",
          completeness,
          new Constraints.NumConstraints(nonNegative),
          null,
          null);
    }
    List<String> domain = new ArrayList<>();
    for (ItemsSketch.Row<String> row : s.labelCounts()) {
      if (domain.size() < MAX_DOMAIN) {
        domain.add(row.getItem());
      }
    }
    domain.sort(null);
    return new Constraints.FeatureConstraint(
        name, "String", completeness, null, new Constraints.StringConstraints(domain), null);
  }

  /** Writes the three files into a folder. */
  public void write(Path folder) {
    statistics.write(folder.resolve(STATISTICS_FILE));
    constraints.write(folder.resolve(CONSTRAINTS_FILE));
    sketches.write(folder.resolve(BaselineSketches.FILE_NAME));
  }

  /** Reads the three files from a folder. */
  public static Baseline read(Path folder) {
    return new Baseline(
        Statistics.read(folder.resolve(STATISTICS_FILE)),
        Constraints.read(folder.resolve(CONSTRAINTS_FILE)),
        BaselineSketches.read(folder.resolve(BaselineSketches.FILE_NAME)));
  }
}
