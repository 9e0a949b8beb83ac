package dev.mlops.orchestrator.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.contract.metrics.GatewayWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canary's judgement on simulated gateway windows: plain JUnit, the rules are pure. */
class CanaryAnalysisTest {

  static final CanarySettings SETTINGS =
      settings(List.of(10, 100), 1, List.of("model", "unavailable", "timeout"), "Robust", 0.3);

  /**
   * Settings that differ from SETTINGS only where a test needs it (300 s intervals, 50 requests).
   */
  static CanarySettings settings(
      List<Integer> steps,
      int failureLimit,
      List<String> errorClasses,
      String method,
      double threshold) {
    return new CanarySettings(
        steps,
        300,
        50,
        failureLimit,
        3,
        true,
        errorClasses,
        0.01,
        0.005,
        1.5,
        10,
        method,
        threshold,
        0.01,
        0.05);
  }

  final Random random = new Random(7);

  static Windows canary() {
    return Windows.of("canary", "mlops-prod-v2", "v2");
  }

  static Windows stable() {
    return Windows.of("stable", "mlops-prod-v1", "v1");
  }

  AnalysisResult judge(Windows canary, Windows stable) {
    return CanaryAnalysis.judge(
        VariantStats.merge(List.of(canary.build())),
        VariantStats.merge(List.of(stable.build())),
        SETTINGS);
  }

  @Test
  void aHealthyCanaryPassesEveryCheck() {
    AnalysisResult r =
        judge(
            canary().requests(120, 20, 180_000, 40_000, random),
            stable().requests(1_000, 20, 180_000, 40_000, random));
    assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.PASS);
    assertThat(r.checks())
        .extracting(AnalysisResult.Check::name)
        .containsExactly(
            "traffic",
            "error_rate",
            "latency_p99",
            "constant_predictions",
            "prediction_distribution");
    assertThat(r.failedChecks()).isEmpty();
    assertThat(r.canary().countedRequests()).isEqualTo(120);
    assertThat(r.stable().predictions().quantiles().get("p50")).isCloseTo(180_000, within(8_000.0));
    assertThat(r.predictionHistogram().stable().stream().mapToDouble(d -> d).sum())
        .isCloseTo(1.0, within(1e-9));
    assertThat(r.predictionHistogram().edges())
        .hasSize(r.predictionHistogram().canary().size() + 1);
  }

  @Test
  void modelErrorsAboveOnePercentFailTheErrorRate() {
    Windows c = canary().requests(194, 20, 180_000, 40_000, random);
    for (int i = 0; i < 6; i++) {
      c.error("model", 15);
    }
    AnalysisResult r = judge(c, stable().requests(1_000, 20, 180_000, 40_000, random));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.failedChecks()).containsExactly("error_rate");
    assertThat(r.check("error_rate").canary()).isCloseTo(0.03, within(1e-9));
    assertThat(r.check("error_rate").threshold()).isEqualTo(0.01);
    assertThat(r.failureSummary()).startsWith("error_rate: canary 3.00 % > 1.00 %");
  }

  @Test
  void unavailableAndTimeoutsCountButTheCallersMistakesDoNot() {
    Windows c = canary().requests(100, 20, 180_000, 40_000, random);
    for (int i = 0; i < 60; i++) {
      c.error("client", 0); // 4xx: the caller's fault, whichever variant it was routed to
    }
    c.error("throttled", 5);
    assertThat(judge(c, stable().requests(1_000, 20, 180_000, 40_000, random)).verdict())
        .isEqualTo(Verdict.PASS);

    c.error("unavailable", 0).error("timeout", 5000);
    AnalysisResult r = judge(c, stable().requests(1_000, 20, 180_000, 40_000, random));
    // 2 counted errors in 103 counted requests (160 answered less 60 refused ones... plus 3)
    assertThat(r.canary().countedRequests()).isEqualTo(103);
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.failedChecks()).contains("error_rate");
  }

  @Test
  void aStableWithErrorsRaisesTheBarOnlyByTheMargin() {
    Windows s = stable().requests(970, 20, 180_000, 40_000, random);
    for (int i = 0; i < 30; i++) {
      s.error("unavailable", 0); // 3 % on a bad day
    }
    Windows alike = canary().requests(194, 20, 180_000, 40_000, random);
    for (int i = 0; i < 6; i++) {
      alike.error("unavailable", 0); // 3 %
    }
    assertThat(judge(alike, s).verdict()).isEqualTo(Verdict.PASS);
    assertThat(judge(alike, s).check("error_rate").threshold()).isCloseTo(0.035, within(1e-9));

    Windows worse = canary().requests(190, 20, 180_000, 40_000, random);
    for (int i = 0; i < 10; i++) {
      worse.error("model", 20); // 5 %
    }
    assertThat(judge(worse, s).failedChecks()).containsExactly("error_rate");
  }

  @Test
  void aSlowCanaryFailsTheP99AboveTheRatio() {
    AnalysisResult r =
        judge(
            canary().requests(200, 220, 180_000, 40_000, random),
            stable().requests(1_000, 60, 180_000, 40_000, random));
    assertThat(r.failedChecks()).containsExactly("latency_p99");
    assertThat(r.check("latency_p99").canary())
        .isGreaterThan(1.5 * r.check("latency_p99").stable());
    assertThat(r.canary().latencyP50Ms()).isGreaterThan(r.stable().latencyP50Ms());
  }

  @Test
  void subMillisecondLatencyNoiseNeverFails() {
    // four times slower, but 0.3 ms against 1.2 ms: below the 10 ms floor
    AnalysisResult r =
        judge(
            canary().requests(200, 1.2, 180_000, 40_000, random),
            stable().requests(1_000, 0.3, 180_000, 40_000, random));
    assertThat(r.check("latency_p99").verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.check("latency_p99").threshold()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void aCanaryThatAnswersAConstantFails() {
    AnalysisResult r =
        judge(
            canary().requests(200, 20, 180_000, 0, random),
            stable().requests(1_000, 20, 180_000, 40_000, random));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.failedChecks()).contains("constant_predictions");
    assertThat(r.check("constant_predictions").canary()).isEqualTo(0.0);
    assertThat(r.check("constant_predictions").detail()).contains("constant");
    // no errors and the same latency: HTTP alone would have promoted it
    assertThat(r.check("error_rate").verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.check("latency_p99").verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aConstantStableDoesNotFailAConstantCanary() {
    AnalysisResult r =
        judge(canary().requests(200, 20, 1, 0, random), stable().requests(1_000, 20, 1, 0, random));
    assertThat(r.check("constant_predictions").verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aDistributionFarFromTheStableFailsAndACloseOnePasses() {
    AnalysisResult far =
        judge(
            canary().requests(300, 20, 260_000, 40_000, random),
            stable().requests(1_000, 20, 180_000, 40_000, random));
    assertThat(far.failedChecks()).containsExactly("prediction_distribution");
    assertThat(far.check("prediction_distribution").canary()).isGreaterThan(0.3);
    assertThat(far.check("prediction_distribution").pValue()).isLessThan(0.01);

    AnalysisResult close =
        judge(
            canary().requests(300, 20, 185_000, 40_000, random),
            stable().requests(1_000, 20, 180_000, 40_000, random));
    assertThat(close.check("prediction_distribution").verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void otherDistancesFromModelContractCanJudgeTheDistribution() {
    CanarySettings wasserstein =
        settings(List.of(10, 100), 1, List.of("model"), "wasserstein", 0.5);
    VariantStats c =
        VariantStats.merge(List.of(canary().requests(300, 20, 260_000, 40_000, random).build()));
    VariantStats s =
        VariantStats.merge(List.of(stable().requests(1_000, 20, 180_000, 40_000, random).build()));
    AnalysisResult r = CanaryAnalysis.judge(c, s, wasserstein);
    assertThat(r.check("prediction_distribution").detail()).startsWith("wasserstein distance 2");
    assertThat(r.failedChecks()).containsExactly("prediction_distribution");
  }

  @Test
  void thinTrafficIsInconclusiveWhateverTheNumbersSay() {
    Windows c = canary();
    for (int i = 0; i < 20; i++) {
      c.error("model", 10);
    }
    AnalysisResult r = judge(c, stable().requests(1_000, 20, 180_000, 40_000, random));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.failedChecks()).isEmpty();
    assertThat(r.check("traffic").detail()).contains("too little traffic: canary 20");
    // the numbers are still there to see
    assertThat(r.check("error_rate").canary()).isEqualTo(1.0);
    assertThat(r.check("error_rate").verdict()).isEqualTo(Verdict.INCONCLUSIVE);

    AnalysisResult none =
        CanaryAnalysis.judge(
            VariantStats.merge(List.of()), VariantStats.merge(List.of()), SETTINGS);
    assertThat(none.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void windowsOfSeveralGatewaysMergeIntoOneInterval() {
    List<GatewayWindow.VariantWindow> canaries = new ArrayList<>();
    List<GatewayWindow.VariantWindow> stables = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    for (int g = 0; g < 3; g++) {
      Windows c = canary();
      for (int i = 0; i < 20; i++) {
        double p = 100_000 + 1_000 * (g * 20 + i); // 60 distinct values over three gateways
        c.ok(5 + g, p);
        all.add(p);
      }
      canaries.add(c.build());
      stables.add(stable().requests(300, 5, 130_000, 17_000, random).build());
    }
    canaries.add(canary().error("model", 3).build());
    VariantStats c = VariantStats.merge(canaries);
    assertThat(c.windows()).isEqualTo(4);
    assertThat(c.requests()).isEqualTo(61);
    assertThat(c.errors().get("model")).isEqualTo(1);
    assertThat(c.latencySamples()).isEqualTo(61);
    assertThat(c.predictionCount()).isEqualTo(60);
    assertThat(c.min()).isEqualTo(100_000);
    assertThat(c.max()).isEqualTo(159_000);
    assertThat(c.predictionMean()).isCloseTo(129_500, within(1e-6));
    // pooled sketch items describe the union: the median of all 60 values
    assertThat(c.predictionCdf().quantile(0.5)).isEqualTo(129_000);
    assertThat(c.predictionCdf().weight()).isEqualTo(60);

    // each gateway alone is below min-requests; together they decide
    AnalysisResult alone =
        CanaryAnalysis.judge(
            VariantStats.merge(canaries.subList(0, 1)), VariantStats.merge(stables), SETTINGS);
    assertThat(alone.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    AnalysisResult merged = CanaryAnalysis.judge(c, VariantStats.merge(stables), SETTINGS);
    assertThat(merged.verdict()).isNotEqualTo(Verdict.INCONCLUSIVE);
    assertThat(merged.canary().windows()).isEqualTo(4);
    assertThat(merged.stable().requests()).isEqualTo(900);
    assertThat(merged.check("error_rate").canary()).isCloseTo(1 / 61.0, within(1e-12));
  }

  @Test
  void p99IsInterpolatedInsideItsHistogramBucket() {
    Windows c = canary();
    for (int i = 0; i < 99; i++) {
      c.ok(4, 1); // bucket (3, 5]
    }
    c.ok(40, 1); // bucket (30, 50]
    VariantStats v = VariantStats.merge(List.of(c.build()));
    assertThat(v.latencyQuantileMs(0.5)).isBetween(3.0, 5.0);
    assertThat(v.latencyQuantileMs(0.99)).isBetween(3.0, 5.0);
    assertThat(v.latencyQuantileMs(1.0)).isBetween(30.0, 50.0);
    assertThat(VariantStats.merge(List.of()).latencyQuantileMs(0.99)).isNaN();
  }

  @Test
  void theFailureLimitCountsConsecutiveFailedIntervals() {
    CanarySettings twice = settings(List.of(10, 25, 50), 2, List.of("model"), "Robust", 0.3);
    assertThat(twice.steps()).containsExactly(10, 25, 50, 100);
    CanaryDecision first = CanaryDecision.after(1, 0, 0, Verdict.FAIL, twice);
    assertThat(first.action()).isEqualTo(CanaryDecision.Action.HOLD);
    assertThat(first.step()).isEqualTo(1);
    CanaryDecision second =
        CanaryDecision.after(1, first.consecutiveFailures(), 0, Verdict.FAIL, twice);
    assertThat(second.action()).isEqualTo(CanaryDecision.Action.ROLL_BACK);
    // a pass in between starts the count again
    CanaryDecision pass = CanaryDecision.after(1, 1, 0, Verdict.PASS, twice);
    assertThat(pass.action()).isEqualTo(CanaryDecision.Action.ADVANCE);
    assertThat(pass.step()).isEqualTo(2);
    assertThat(pass.consecutiveFailures()).isZero();
    assertThat(CanaryDecision.after(2, 0, 0, Verdict.PASS, twice).action())
        .isEqualTo(CanaryDecision.Action.PROMOTE);

    // the default limit of 1 rolls back on the first failed interval
    assertThat(CanaryDecision.after(0, 0, 0, Verdict.FAIL, SETTINGS).action())
        .isEqualTo(CanaryDecision.Action.ROLL_BACK);
    assertThat(CanaryDecision.after(0, 0, 0, Verdict.PASS, SETTINGS).action())
        .isEqualTo(CanaryDecision.Action.PROMOTE);
  }

  @Test
  void inconclusiveIntervalsWaitThenPauseAtTheCap() {
    CanaryDecision d = CanaryDecision.after(0, 0, 0, Verdict.INCONCLUSIVE, SETTINGS);
    assertThat(d.action()).isEqualTo(CanaryDecision.Action.WAIT);
    d = CanaryDecision.after(0, 0, d.consecutiveInconclusive(), Verdict.INCONCLUSIVE, SETTINGS);
    assertThat(d.action()).isEqualTo(CanaryDecision.Action.WAIT);
    d = CanaryDecision.after(0, 0, d.consecutiveInconclusive(), Verdict.INCONCLUSIVE, SETTINGS);
    assertThat(d.action()).isEqualTo(CanaryDecision.Action.PAUSE);
    assertThat(d.step()).isZero();
  }

  @Test
  void onlyAFailedErrorRateOnEnoughTrafficFailsFast() {
    Windows errs = canary().requests(90, 20, 180_000, 40_000, random);
    for (int i = 0; i < 10; i++) {
      errs.error("model", 5);
    }
    AnalysisResult errors = judge(errs, stable().requests(900, 20, 180_000, 40_000, random));
    assertThat(CanaryDecision.failsFast(errors, 0, SETTINGS)).isTrue();
    AnalysisResult constant =
        judge(
            canary().requests(100, 20, 180_000, 0, random),
            stable().requests(900, 20, 180_000, 40_000, random));
    assertThat(constant.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(CanaryDecision.failsFast(constant, 0, SETTINGS)).isFalse();
  }

  @Test
  void aBadPlanIsRefusedWithTheKeyToFix() {
    assertThatThrownBy(() -> settings(List.of(50, 10), 1, List.of("model"), "Robust", 0.3))
        .hasMessageContaining("mlops.canary.steps must go up");
    assertThatThrownBy(() -> settings(List.of(10), 1, List.of("model"), "LInfinity", 0.3))
        .hasMessageContaining("mlops.canary.predictions.method");
  }
}
