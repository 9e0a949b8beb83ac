package dev.mlops.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobNamesTest {

  @Test
  void jobNamesAreAFunctionOfRunStepAndAttempt() {
    String a = JobNames.job("mlops", "1a2b3c4d", StepName.TRAIN, 1);
    assertThat(a).isEqualTo("mlops-1a2b3c4d-train-a1");
    assertThat(JobNames.job("mlops", "1a2b3c4d", StepName.TRAIN, 1)).isEqualTo(a);
    assertThat(JobNames.job("mlops", "1a2b3c4d", StepName.TRAIN, 2)).isNotEqualTo(a);
    assertThat(JobNames.job("mlops", "1a2b3c4d", StepName.DEPLOY_DEV, 1))
        .isEqualTo("mlops-1a2b3c4d-deploy-dev-a1");
  }

  @Test
  void namesFitSageMakersLimitAndAlphabet() {
    String long_ =
        JobNames.job(
            "A_very_long_project_name_that_goes_on_and_on_forever_and_ever",
            "1a2b3c4d",
            StepName.SWITCH_TRAFFIC,
            12);
    assertThat(long_)
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z0-9-]+")
        .endsWith("-1a2b3c4d-switch-traffic-a12");
    assertThat(JobNames.endpoint("mlops", "prod", "v3")).isEqualTo("mlops-prod-v3");
    assertThat(JobNames.endpointConfig("mlops-prod-v3")).isEqualTo("mlops-prod-v3-config");
    assertThat(JobNames.model("mlops", "v3")).isEqualTo("mlops-model-v3");
  }

  @Test
  void cacheKeysDependOnEveryPartButNotTheirOrder() {
    String a =
        StepCache.key(
            StepName.TRAIN, Map.of("hp", "{\"eta\":\"0.1\"}", "image", "i1", "data", "d"));
    String b =
        StepCache.key(
            StepName.TRAIN, Map.of("data", "d", "image", "i1", "hp", "{\"eta\":\"0.1\"}"));
    assertThat(a).isEqualTo(b);
    assertThat(
            StepCache.key(
                StepName.TRAIN, Map.of("hp", "{\"eta\":\"0.2\"}", "image", "i1", "data", "d")))
        .isNotEqualTo(a);
    assertThat(
            StepCache.key(
                StepName.TRAIN, Map.of("hp", "{\"eta\":\"0.1\"}", "image", "i2", "data", "d")))
        .isNotEqualTo(a);
    assertThat(
            StepCache.key(
                StepName.EVALUATE, Map.of("hp", "{\"eta\":\"0.1\"}", "image", "i1", "data", "d")))
        .isNotEqualTo(a);
  }

  @Test
  void runHyperparametersOverrideTheDefaults() {
    var hp =
        dev.mlops.orchestrator.pipeline.step.TrainStep.hyperparameters(
            Map.of("num_round", "200", "eta", "0.1"), Map.of("num_round", "1", "max_depth", "1"));
    assertThat(hp)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("num_round", "1", "eta", "0.1", "max_depth", "1"));
  }
}
