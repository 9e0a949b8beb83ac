package dev.mlops.contract.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void regressionMetricsMatchHandComputedValues() {
    EvaluationReport r = Metrics.regression(new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 6});
    assertThat(r.metric("mse")).isCloseTo(1.0, within(1e-9));
    assertThat(r.metric("rmse")).isCloseTo(1.0, within(1e-9));
    assertThat(r.metric("mae")).isCloseTo(0.5, within(1e-9));
    assertThat(r.metric("r2")).isCloseTo(1 - 4 / 5.0, within(1e-9));
    assertThat(r.metric("mape")).isCloseTo(12.5, within(1e-9));
  }

  @Test
  void aucHandlesTiesAndPerfectRanking() {
    assertThat(Metrics.auc(new float[] {0, 0, 1, 1}, new float[] {0.1f, 0.2f, 0.8f, 0.9f}))
        .isEqualTo(1.0);
    assertThat(Metrics.auc(new float[] {0, 1}, new float[] {0.5f, 0.5f})).isEqualTo(0.5);
    EvaluationReport b =
        Metrics.binary(new float[] {0, 1, 1, 0}, new float[] {0.2f, 0.7f, 0.4f, 0.6f});
    assertThat(b.metric("accuracy")).isEqualTo(0.5);
    assertThat(b.metric("f1")).isCloseTo(0.5, within(1e-9));
  }
}
