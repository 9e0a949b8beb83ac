package dev.mlops.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EvaluationGateTest {

  static PipelineRun.GateSettings gate(String metric, double threshold, double margin) {
    return new PipelineRun.GateSettings(metric, threshold, margin);
  }

  @Test
  void lowerIsBetterMetricsMustStayUnderTheThreshold() {
    assertThat(
            EvaluationGate.judge(
                    gate("rmse", 10, 0.05), Map.of("rmse", 9.5), OptionalDouble.empty())
                .passed())
        .isTrue();
    var v =
        EvaluationGate.judge(gate("rmse", 10, 0.05), Map.of("rmse", 12.0), OptionalDouble.empty());
    assertThat(v.passed()).isFalse();
    assertThat(v.reason()).contains("rmse 12").contains("<= 10");
  }

  @Test
  void higherIsBetterMetricsMustReachTheThreshold() {
    assertThat(
            EvaluationGate.judge(gate("r2", 0.5, 0.05), Map.of("r2", 0.93), OptionalDouble.empty())
                .passed())
        .isTrue();
    assertThat(
            EvaluationGate.judge(gate("auc", 0.7, 0), Map.of("auc", 0.55), OptionalDouble.empty())
                .passed())
        .isFalse();
  }

  @Test
  void mayBeWorseThanProductionOnlyWithinTheMargin() {
    // production rmse 100, margin 5 %: up to 105 passes
    assertThat(
            EvaluationGate.judge(
                    gate("rmse", 1000, 0.05), Map.of("rmse", 104.0), OptionalDouble.of(100))
                .passed())
        .isTrue();
    var worse =
        EvaluationGate.judge(
            gate("rmse", 1000, 0.05), Map.of("rmse", 106.0), OptionalDouble.of(100));
    assertThat(worse.passed()).isFalse();
    assertThat(worse.reason()).contains("worse than production");
    // r2 of production 0.9, margin 5 %: at least 0.855
    assertThat(
            EvaluationGate.judge(gate("r2", 0.5, 0.05), Map.of("r2", 0.86), OptionalDouble.of(0.9))
                .passed())
        .isTrue();
    assertThat(
            EvaluationGate.judge(gate("r2", 0.5, 0.05), Map.of("r2", 0.85), OptionalDouble.of(0.9))
                .passed())
        .isFalse();
  }

  @Test
  void aNegativeMarginDemandsAnImprovement() {
    assertThat(
            EvaluationGate.judge(
                    gate("mae", 1000, -0.1), Map.of("mae", 95.0), OptionalDouble.of(100))
                .passed())
        .isFalse();
    assertThat(
            EvaluationGate.judge(
                    gate("mae", 1000, -0.1), Map.of("mae", 89.0), OptionalDouble.of(100))
                .passed())
        .isTrue();
  }

  @Test
  void aMissingOrUnknownMetricFailsWithAReason() {
    var missing =
        EvaluationGate.judge(gate("accuracy", 0.5, 0), Map.of("rmse", 1.0), OptionalDouble.empty());
    assertThat(missing.passed()).isFalse();
    assertThat(missing.reason()).contains("no metric 'accuracy'");
    var unknown =
        EvaluationGate.judge(gate("vibes", 0.5, 0), Map.of("vibes", 1.0), OptionalDouble.empty());
    assertThat(unknown.passed()).isFalse();
    assertThat(unknown.reason()).contains("unknown");
    assertThat(
            EvaluationGate.judge(
                    gate("r2", 0.5, 0), Map.of("r2", Double.NaN), OptionalDouble.empty())
                .passed())
        .isFalse();
  }

  @Test
  void directionsAreKnownForTheUsualMetrics() {
    for (String m : new String[] {"rmse", "mae", "mape", "mse"}) {
      assertThat(MetricDirection.of(m)).isEqualTo(MetricDirection.LOWER_IS_BETTER);
    }
    for (String m : new String[] {"r2", "accuracy", "f1", "auc", "RMSE".toLowerCase()}) {
      assertThat(MetricDirection.of(m))
          .isIn(MetricDirection.HIGHER_IS_BETTER, MetricDirection.LOWER_IS_BETTER);
    }
    assertThat(MetricDirection.of("AUC")).isEqualTo(MetricDirection.HIGHER_IS_BETTER);
    assertThatThrownBy(() -> MetricDirection.of("vibes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
