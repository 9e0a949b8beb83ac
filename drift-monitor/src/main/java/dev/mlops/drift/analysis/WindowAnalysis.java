package dev.mlops.drift.analysis;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.baseline.FeatureSketch;
import dev.mlops.contract.drift.Cdf;
import dev.mlops.contract.drift.DriftMeasure;
import dev.mlops.contract.drift.DriftMethod;
import dev.mlops.contract.monitor.ConstraintViolations;
import dev.mlops.contract.monitor.ConstraintViolations.Violation;
import dev.mlops.contract.monitor.Constraints;
import dev.mlops.contract.monitor.Statistics;
import dev.mlops.drift.catalog.ModelBaseline;
import dev.mlops.drift.window.DriftWindow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Compares a closed window with its model's baseline the way Model Monitor's data quality job does,
 * and decides the dataset rule. Pure: no I/O, the same inputs give the same report.
 */
public final class WindowAnalysis {

  /** Model Monitor's default drift threshold. */
  static final double DEFAULT_THRESHOLD = Baseline.DEFAULT_DRIFT_THRESHOLD;

  /** At most this many unseen labels are named in a violation's description. */
  private static final int UNSEEN_EXAMPLES = 3;

  private WindowAnalysis() {}

  /** The report, and the two Model Monitor files to write. */
  public record Result(
      WindowReport report, Statistics statistics, ConstraintViolations violations) {}

  public static Result analyze(
      DriftWindow w,
      Optional<ModelBaseline> baseline,
      DriftSettings settings,
      String statisticsUri,
      String violationsUri) {
    Constraints constraints = baseline.map(ModelBaseline::constraints).orElse(null);
    BaselineSketches sketches = baseline.map(ModelBaseline::sketches).orElse(null);
    Constraints.MonitoringConfig config =
        constraints == null ? null : constraints.monitoringConfig();
    boolean evaluateConstraints =
        config == null || !"Disabled".equalsIgnoreCase(config.evaluateConstraints());
    Constraints.DistributionConstraints dist =
        config == null ? null : config.distributionConstraints();
    boolean compare = dist == null || !"Disabled".equalsIgnoreCase(dist.performComparison());

    List<Statistics.FeatureStatistics> stats = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    List<FeatureResult> results = new ArrayList<>();
    List<String> drifted = new ArrayList<>();
    int measured = 0;
    List<String> names = w.featureNames();
    long rows = w.records();

    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      FeatureSketch s = w.feature(i);
      stats.add(Baseline.statistics(name, s));
      Constraints.FeatureConstraint fc = constraints == null ? null : constraints.feature(name);
      BaselineSketches.Entry base = sketches == null ? null : sketches.features().get(name);
      long unseen = s.isNumeric() ? 0 : unseen(s, fc, base);
      if (evaluateConstraints && baseline.isPresent()) {
        checkDataType(name, s, fc, config, violations);
        checkCompleteness(name, s, fc, rows, violations);
        if (!s.isNumeric()) {
          checkDomain(name, s, fc, base, unseen, config, violations);
        }
      }
      if (w.absentCount(i) > 0) {
        violations.add(
            new Violation(
                name,
                ConstraintViolations.MISSING_COLUMN_CHECK,
                String.format(
                    Locale.ROOT,
                    "Column is missing in %d of %d records.",
                    w.absentCount(i),
                    rows)));
      }
      FeatureResult r =
          measure(
              name,
              FeatureResult.FEATURE,
              s,
              base,
              fc,
              dist,
              compare,
              settings,
              unseen,
              baseline.isPresent());
      results.add(r);
      if (r.measured()) {
        measured++;
        if (r.drifted()) {
          drifted.add(name);
          violations.add(
              new Violation(name, ConstraintViolations.BASELINE_DRIFT_CHECK, describe(r)));
        }
      }
    }
    w.extraColumns()
        .forEach(
            (column, count) ->
                violations.add(
                    new Violation(
                        column,
                        ConstraintViolations.EXTRA_COLUMN_CHECK,
                        String.format(
                            Locale.ROOT,
                            "Column not in the baseline appeared in %d of %d records.",
                            count,
                            rows))));

    // the prediction, compared with the baseline's target when both are of one kind
    FeatureSketch prediction = w.prediction();
    String predictionName = w.predictionName() == null ? "prediction" : w.predictionName();
    if (prediction.present() + prediction.missing() + prediction.wrongType() > 0) {
      stats.add(Baseline.statistics(predictionName, prediction));
    }
    BaselineSketches.Entry target = sketches == null ? null : sketches.target();
    if (target != null && ("numeric".equals(target.type()) != prediction.isNumeric())) {
      target = null; // e.g. binary probabilities against 0/1 labels: not comparable
    }
    FeatureResult p =
        measure(
            predictionName,
            FeatureResult.PREDICTION,
            prediction,
            target,
            null,
            dist,
            compare,
            settings,
            0,
            baseline.isPresent());
    if (prediction.present() > 0 || p.measured()) {
      results.add(p);
    }
    if (settings.checkPrediction() && p.measured()) {
      measured++;
      if (p.drifted()) {
        drifted.add(predictionName);
        violations.add(
            new Violation(predictionName, ConstraintViolations.BASELINE_DRIFT_CHECK, describe(p)));
      }
    }

    double share = measured == 0 ? 0 : (double) drifted.size() / measured;
    boolean datasetDrift = !drifted.isEmpty() && share >= settings.datasetShare();
    WindowReport report =
        new WindowReport(
            w.id(),
            w.model().endpoint(),
            w.model().modelVersion(),
            w.model().dataset(),
            w.openedAt().toString(),
            w.closedAt() == null ? null : w.closedAt().toString(),
            w.firstEventTime(),
            w.lastEventTime(),
            w.captures(),
            rows,
            w.predictions(),
            w.skippedCounts(),
            w.extraColumnRecords(),
            w.missingColumnRecords(),
            results,
            violations,
            drifted,
            measured,
            share,
            datasetDrift,
            baseline.isPresent(),
            statisticsUri,
            violationsUri);
    return new Result(
        report,
        new Statistics(0.0, new Statistics.Dataset(rows), stats),
        new ConstraintViolations(violations));
  }

  private static String describe(FeatureResult r) {
    return new DriftMeasure(
            DriftMethod.parse(r.method()), r.distance(), r.threshold(), r.pValue(), r.drifted())
        .description();
  }

  private static FeatureResult measure(
      String name,
      String kind,
      FeatureSketch s,
      BaselineSketches.Entry base,
      Constraints.FeatureConstraint fc,
      Constraints.DistributionConstraints dist,
      boolean compare,
      DriftSettings settings,
      long unseen,
      boolean baselineAvailable) {
    String type = s.isNumeric() ? "numeric" : "categorical";
    String note = null;
    if (!baselineAvailable) {
      note = "no baseline";
    } else if (!compare) {
      note = "comparison disabled in constraints.json";
    } else if (base == null) {
      note = "not in the baseline";
    } else if (s.present() < settings.minRecords()) {
      note = "fewer than " + settings.minRecords() + " values";
    }
    if (note != null) {
      return new FeatureResult(
          name,
          kind,
          type,
          s.present(),
          s.missing(),
          s.wrongType(),
          unseen,
          null,
          null,
          null,
          null,
          false,
          false,
          note);
    }
    Choice choice = choose(s.isNumeric(), fc, dist, settings);
    DriftMeasure m;
    if (s.isNumeric()) {
      m =
          DriftMeasure.numeric(
              Cdf.ofWeighted(base.items()),
              Cdf.of(s.kll()),
              choice.method(),
              choice.threshold(),
              settings.alpha());
    } else {
      m =
          DriftMeasure.categorical(
              base.labels() == null ? Map.of() : base.labels(),
              labelCounts(s),
              choice.method(),
              choice.threshold(),
              settings.alpha());
    }
    return new FeatureResult(
        name,
        kind,
        type,
        s.present(),
        s.missing(),
        s.wrongType(),
        unseen,
        m.method().eventName(),
        m.distance(),
        m.threshold(),
        m.pValue(),
        true,
        m.drifted(),
        choice.note());
  }

  private record Choice(DriftMethod method, double threshold, String note) {}

  /** Feature override, then service config, then constraints.json, then Model Monitor's default. */
  static Choice choose(
      boolean numeric,
      Constraints.FeatureConstraint fc,
      Constraints.DistributionConstraints dist,
      DriftSettings settings) {
    String note = null;
    DriftMethod method = null;
    Double threshold = null;
    Constraints.FeatureOverrides o = fc == null ? null : fc.overrides();
    if (o != null && o.comparisonMethod() != null) {
      try {
        DriftMethod m = DriftMethod.parse(o.comparisonMethod());
        if (m.isNumeric() == numeric) {
          method = m;
        } else {
          note = "ignored override " + o.comparisonMethod() + " (wrong kind of feature)";
        }
      } catch (IllegalArgumentException e) {
        note = "ignored unknown override " + o.comparisonMethod();
      }
    }
    if (o != null && o.comparisonThreshold() != null) {
      threshold = o.comparisonThreshold();
    }
    if (method == null) {
      method = (numeric ? settings.numericMethod() : settings.categoricalMethod()).orElse(null);
    }
    if (threshold == null) {
      threshold =
          (numeric ? settings.numericThreshold() : settings.categoricalThreshold()).orElse(null);
    }
    if (method == null && dist != null) {
      String fromFile = numeric ? dist.comparisonMethod() : dist.categoricalDriftMethod();
      if (fromFile != null) {
        try {
          DriftMethod m = DriftMethod.parse(fromFile);
          method = m.isNumeric() == numeric ? m : null;
        } catch (IllegalArgumentException e) {
          note = "ignored unknown method " + fromFile + " in constraints.json";
        }
      }
    }
    if (threshold == null && dist != null) {
      threshold = numeric ? dist.comparisonThreshold() : dist.categoricalComparisonThreshold();
      if (threshold != null && numeric && threshold <= 0) {
        threshold = null;
      }
    }
    if (method == null) {
      method = numeric ? DriftMethod.ROBUST : DriftMethod.LINFINITY;
    }
    if (threshold == null) {
      threshold = DEFAULT_THRESHOLD;
    }
    return new Choice(method, threshold, note);
  }

  private static Map<String, Long> labelCounts(FeatureSketch s) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (ItemsSketch.Row<String> row : s.labelCounts()) {
      m.put(row.getItem(), row.getEstimate());
    }
    return m;
  }

  /**
   * Labels outside the baseline's domain (constraints.json's domains, else the sketch's labels).
   */
  private static long unseen(
      FeatureSketch s, Constraints.FeatureConstraint fc, BaselineSketches.Entry base) {
    Set<String> domain = domain(fc, base);
    if (domain == null || s.present() == 0) {
      return 0;
    }
    long n = 0;
    for (ItemsSketch.Row<String> row : s.labelCounts()) {
      if (!domain.contains(row.getItem())) {
        n += row.getEstimate();
      }
    }
    return n;
  }

  private static Set<String> domain(Constraints.FeatureConstraint fc, BaselineSketches.Entry base) {
    if (fc != null && fc.stringConstraints() != null && fc.stringConstraints().domains() != null) {
      return new HashSet<>(fc.stringConstraints().domains());
    }
    if (base != null && base.labels() != null) {
      return base.labels().keySet();
    }
    return null;
  }

  private static void checkDataType(
      String name,
      FeatureSketch s,
      Constraints.FeatureConstraint fc,
      Constraints.MonitoringConfig config,
      List<Violation> violations) {
    long typed = s.present() + s.wrongType();
    if (s.wrongType() == 0 || typed == 0) {
      return;
    }
    double threshold = config == null ? 1.0 : config.datatypeCheckThreshold();
    double match = (double) s.present() / typed;
    if (match < threshold) {
      String expected = fc == null ? (s.isNumeric() ? "Fractional" : "String") : fc.inferredType();
      violations.add(
          new Violation(
              name,
              ConstraintViolations.DATA_TYPE_CHECK,
              String.format(
                  Locale.ROOT,
                  "Data type match requirement is not met. Expected data type: %s, Expected match:"
                      + " %.1f%%. Observed: Only %.1f%% of data is %s (%d values of another type).",
                  expected,
                  threshold * 100,
                  match * 100,
                  expected,
                  s.wrongType())));
    }
  }

  /**
   * Completeness below the baseline's by more than chance explains: a three-sigma binomial band
   * plus one point, so a window of a few hundred records does not flag noise.
   */
  private static void checkCompleteness(
      String name,
      FeatureSketch s,
      Constraints.FeatureConstraint fc,
      long rows,
      List<Violation> violations) {
    if (fc == null || rows == 0) {
      return;
    }
    double expected = fc.completeness();
    double observed = (double) s.present() / rows;
    double band = 3 * Math.sqrt(expected * (1 - expected) / rows) + 0.01;
    if (observed < expected - band) {
      violations.add(
          new Violation(
              name,
              ConstraintViolations.COMPLETENESS_CHECK,
              String.format(
                  Locale.ROOT,
                  "Data completeness requirement is not met. Expected: %.1f%% complete. Observed:"
                      + " Only %.1f%% complete.",
                  expected * 100,
                  observed * 100)));
    }
  }

  private static void checkDomain(
      String name,
      FeatureSketch s,
      Constraints.FeatureConstraint fc,
      BaselineSketches.Entry base,
      long unseen,
      Constraints.MonitoringConfig config,
      List<Violation> violations) {
    if (unseen == 0 || s.present() == 0) {
      return;
    }
    double threshold = config == null ? 1.0 : config.domainContentThreshold();
    double inDomain = 1 - (double) unseen / s.present();
    if (inDomain >= threshold) {
      return;
    }
    Set<String> domain = domain(fc, base);
    List<String> examples = new ArrayList<>();
    for (ItemsSketch.Row<String> row : s.labelCounts()) {
      if (domain != null && !domain.contains(row.getItem()) && examples.size() < UNSEEN_EXAMPLES) {
        examples.add("'" + row.getItem() + "'");
      }
    }
    violations.add(
        new Violation(
            name,
            ConstraintViolations.CATEGORICAL_VALUES_CHECK,
            String.format(
                Locale.ROOT,
                "Categorical values requirement is not met. Expected: %.1f%% of values in the"
                    + " baseline domain. Observed: %.1f%% (%d values outside it, e.g. %s).",
                threshold * 100,
                inDomain * 100,
                unseen,
                String.join(", ", examples))));
  }
}
