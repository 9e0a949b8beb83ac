package dev.mlops.container.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoostingRunTest {

  @Test
  void parsesXgboostsEvalLine() {
    assertThat(BoostingRun.parse("[12]\ttrain-rmse:1234.5\tvalidation-rmse:2345.25\n"))
        .containsExactly(Map.entry("train:rmse", 1234.5), Map.entry("validation:rmse", 2345.25));
    assertThat(BoostingRun.parse("[0]\ttrain-error@0.7:0.25\ttrain-ndcg-:0.5"))
        .containsEntry("train:error@0.7", 0.25)
        .containsEntry("train:ndcg-", 0.5);
  }

  @Test
  void formatsNumbersWithoutExponentsForMetricRegexes() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("train:rmse", 1.5e7);
    metrics.put("validation:logloss", 1.25e-5);
    assertThat(BoostingRun.format(metrics))
        .isEqualTo("train:rmse=15000000 validation:logloss=0.0000125")
        .containsPattern("validation:logloss=([0-9\\.]+)");
  }

  @Test
  void knowsWhichMetricsGrow() {
    assertThat(BoostingRun.maximize("auc")).isTrue();
    assertThat(BoostingRun.maximize("ndcg@5")).isTrue();
    assertThat(BoostingRun.maximize("map")).isTrue();
    assertThat(BoostingRun.maximize("mape")).isFalse();
    assertThat(BoostingRun.maximize("rmse")).isFalse();
    assertThat(BoostingRun.maximize("logloss")).isFalse();
  }
}
