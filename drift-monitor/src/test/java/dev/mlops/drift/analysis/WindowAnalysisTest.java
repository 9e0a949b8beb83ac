package dev.mlops.drift.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.drift.DriftMethod;
import dev.mlops.contract.monitor.ConstraintViolations;
import dev.mlops.contract.monitor.Constraints;
import dev.mlops.drift.Txhousing;
import dev.mlops.drift.capture.CaptureReader;
import dev.mlops.drift.capture.SchemaLayout;
import dev.mlops.drift.capture.WindowCursor;
import dev.mlops.drift.catalog.ModelBaseline;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.ModelRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit: the analysis is pure. A baseline of txhousing 2000-2009 against windows of real rows
 * from the same years and from 2012-2015, the drift the design's demo relies on.
 */
class WindowAnalysisTest {

  static ModelBaseline baseline;
  static SchemaLayout layout;
  static List<Integer> early;
  static List<Integer> late;

  @BeforeAll
  static void baseline() {
    Baseline b = Txhousing.baseline(y -> y <= 2009);
    baseline = new ModelBaseline(b.constraints(), b.sketches());
    layout = new SchemaLayout(Txhousing.schema());
    early = Txhousing.rowsWhereYear(y -> y <= 2009);
    late = Txhousing.rowsWhereYear(y -> y >= 2012);
  }

  static DriftWindow window(byte[] object) {
    DriftWindow w =
        DriftWindow.open(
            "w1",
            1,
            new ModelRef("tx", "v1", "txhousing", "s3://b/s", "s3://b/base"),
            layout,
            Instant.parse("2024-01-01T00:00:00Z"));
    new CaptureReader()
        .fold(
            object,
            layout,
            new WindowCursor() {
              @Override
              public DriftWindow current() {
                return w;
              }

              @Override
              public void afterRecord() {}
            });
    w.close(Instant.parse("2024-01-01T00:01:00Z"));
    return w;
  }

  static WindowAnalysis.Result analyze(DriftWindow w, DriftSettings s) {
    return WindowAnalysis.analyze(w, Optional.of(baseline), s, "s3://x/stats", "s3://x/viol");
  }

  @Test
  void inDistributionTrafficRaisesNothing() {
    for (long seed = 1; seed <= 5; seed++) {
      DriftWindow w = window(Txhousing.captureObject(Txhousing.sample(early, 400, seed), 0));
      WindowAnalysis.Result r = analyze(w, DriftSettings.defaults());
      assertThat(r.report().violations()).as("seed %d", seed).isEmpty();
      assertThat(r.report().datasetDrift()).isFalse();
      assertThat(r.report().measuredFeatures()).isEqualTo(7);
      assertThat(r.statistics().dataset().itemCount()).isEqualTo(400);
      assertThat(r.statistics().features()).hasSize(8); // seven features and the prediction
    }
  }

  @Test
  void laterYearsDriftOnTheRightFeatures() {
    DriftWindow w = window(Txhousing.captureObject(Txhousing.sample(late, 400, 9), 0));
    WindowAnalysis.Result r = analyze(w, DriftSettings.defaults());
    WindowReport report = r.report();
    assertThat(report.datasetDrift()).isTrue();
    assertThat(report.driftedFeatures()).contains("year", "listings").doesNotContain("city");
    FeatureResult year =
        report.features().stream().filter(f -> f.name().equals("year")).findFirst().orElseThrow();
    assertThat(year.method()).isEqualTo("linf_robust");
    assertThat(year.distance()).isEqualTo(1.0);
    assertThat(year.threshold()).isEqualTo(0.1);
    assertThat(year.pValue()).isLessThan(1e-6);
    assertThat(r.violations().violations())
        .filteredOn(v -> v.featureName().equals("year"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.constraintCheckType())
                  .isEqualTo(ConstraintViolations.BASELINE_DRIFT_CHECK);
              assertThat(v.description())
                  .startsWith("Baseline drift distance: 1 exceeds threshold: 0.1");
            });
    assertThat(report.driftedShare())
        .isEqualTo((double) report.driftedFeatures().size() / report.measuredFeatures());
  }

  @Test
  void featureOverridesInConstraintsWinOverTheServiceAndTheFileDefaults() {
    List<Constraints.FeatureConstraint> features = new ArrayList<>();
    for (Constraints.FeatureConstraint f : baseline.constraints().features()) {
      features.add(
          f.name().equals("year")
              ? new Constraints.FeatureConstraint(
                  f.name(),
                  f.inferredType(),
                  f.completeness(),
                  f.numConstraints(),
                  f.stringConstraints(),
                  new Constraints.FeatureOverrides(1.5, "Simple"))
              : f);
    }
    ModelBaseline overridden =
        new ModelBaseline(
            new Constraints(0, features, baseline.constraints().monitoringConfig()),
            baseline.sketches());
    DriftSettings psi =
        new DriftSettings(
            Optional.of(DriftMethod.PSI),
            Optional.of(0.2),
            Optional.empty(),
            Optional.empty(),
            0.01,
            0.25,
            false,
            100);
    DriftWindow w = window(Txhousing.captureObject(Txhousing.sample(late, 400, 9), 0));
    WindowReport r = WindowAnalysis.analyze(w, Optional.of(overridden), psi, "s", "v").report();
    FeatureResult year = feature(r, "year");
    assertThat(year.method()).isEqualTo("linf_simple");
    assertThat(year.threshold()).isEqualTo(1.5);
    assertThat(year.drifted()).isFalse();
    FeatureResult sales = feature(r, "sales");
    assertThat(sales.method()).isEqualTo("psi");
    assertThat(sales.threshold()).isEqualTo(0.2);
    assertThat(feature(r, "city").method()).isEqualTo("linf");
  }

  @Test
  void datasetRuleNeedsTheConfiguredShare() {
    DriftWindow w = window(Txhousing.captureObject(Txhousing.sample(late, 400, 9), 0));
    DriftSettings strict =
        new DriftSettings(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0.01,
            1.0,
            false,
            100);
    WindowReport r = analyze(w, strict).report();
    assertThat(r.driftedFeatures()).isNotEmpty();
    assertThat(r.driftedShare()).isLessThan(1.0);
    assertThat(r.datasetDrift()).isFalse();
  }

  @Test
  void smallWindowsAreReportedButNotMeasured() {
    DriftWindow w = window(Txhousing.captureObject(Txhousing.sample(late, 50, 3), 0));
    WindowReport r = analyze(w, DriftSettings.defaults()).report();
    assertThat(r.measuredFeatures()).isZero();
    assertThat(r.datasetDrift()).isFalse();
    assertThat(feature(r, "year").note()).isEqualTo("fewer than 100 values");
  }

  @Test
  void dataQualityViolationsUseModelMonitorsChecks() {
    StringBuilder b = new StringBuilder();
    List<Integer> sample = Txhousing.sample(early, 300, 5);
    for (int i = 0; i < sample.size(); i++) {
      b.append(Txhousing.captureLine(sample.get(i), i)).append('\n');
    }
    String[] odd = {
      "Atlantis,2005,3,100,1000000,500,5.0",
      "Abilene,soon,3,100,1000000,500,5.0",
      "Abilene,2005,3,100,1000000,500,5.0,extra"
    };
    for (String row : odd) {
      b.append(
              dev.mlops.contract.capture.CaptureCodec.line(
                  dev.mlops.contract.capture.CaptureCodec.record(
                      "x",
                      null,
                      Instant.EPOCH,
                      "text/csv",
                      row.getBytes(StandardCharsets.UTF_8),
                      "text/csv",
                      "1".getBytes(StandardCharsets.UTF_8))))
          .append('\n');
    }
    DriftWindow w = window(b.toString().getBytes(StandardCharsets.UTF_8));
    WindowReport r = analyze(w, DriftSettings.defaults()).report();
    assertThat(r.violations())
        .extracting(v -> v.featureName() + ":" + v.constraintCheckType())
        .contains(
            "city:" + ConstraintViolations.CATEGORICAL_VALUES_CHECK,
            "year:" + ConstraintViolations.DATA_TYPE_CHECK,
            "_c7:" + ConstraintViolations.EXTRA_COLUMN_CHECK);
    assertThat(feature(r, "city").unseen()).isEqualTo(1);
    assertThat(r.violations())
        .filteredOn(
            v -> v.constraintCheckType().equals(ConstraintViolations.CATEGORICAL_VALUES_CHECK))
        .singleElement()
        .satisfies(v -> assertThat(v.description()).contains("'Atlantis'"));
    assertThat(r.datasetDrift()).isFalse();
  }

  @Test
  void withoutABaselineTheWindowIsStillReported() {
    DriftWindow w = window(Txhousing.captureObject(Txhousing.sample(late, 200, 3), 0));
    WindowAnalysis.Result r =
        WindowAnalysis.analyze(w, Optional.empty(), DriftSettings.defaults(), "s", "v");
    assertThat(r.report().baselineAvailable()).isFalse();
    assertThat(r.report().measuredFeatures()).isZero();
    assertThat(r.statistics().dataset().itemCount()).isEqualTo(200);
    assertThat(feature(r.report(), "year").note()).isEqualTo("no baseline");
  }

  static FeatureResult feature(WindowReport r, String name) {
    return r.features().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }
}
