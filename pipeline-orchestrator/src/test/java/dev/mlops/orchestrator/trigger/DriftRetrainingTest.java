package dev.mlops.orchestrator.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.RunStatus;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.TestRuns;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** When drift may start a retraining run: never twice in a row on the same data. */
class DriftRetrainingTest {

  static PipelineRun latest(TriggerKind trigger, RunStatus status) {
    return TestRuns.run(trigger, status, StepName.APPROVAL);
  }

  @Test
  void theFirstDriftRetrains() {
    assertThat(DriftRetraining.refusal(Optional.empty())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = TriggerKind.class,
      names = {"UPLOAD", "MANUAL", "SCHEDULE", "SOURCE_CHANGE"})
  void driftRetrainsAfterAnyOtherRun(TriggerKind kind) {
    assertThat(DriftRetraining.refusal(Optional.of(latest(kind, RunStatus.SUCCEEDED)))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = RunStatus.class,
      names = {"SUCCEEDED", "REJECTED", "RUNNING", "QUEUED", "WAITING_APPROVAL", "CANCELLING"})
  void driftDoesNotRetrainAgainOnTheDataADriftRunUsed(RunStatus status) {
    assertThat(DriftRetraining.refusal(Optional.of(latest(TriggerKind.DRIFT, status))))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("run " + PipelineRun.shortIdOf(TestRuns.ID))
                    .contains(status.name().toLowerCase(java.util.Locale.ROOT))
                    .contains("upload new data"));
  }

  @ParameterizedTest
  @EnumSource(
      value = RunStatus.class,
      names = {"FAILED", "CANCELLED"})
  void aDriftRunThatDidNotFinishIsTriedAgain(RunStatus status) {
    assertThat(DriftRetraining.refusal(Optional.of(latest(TriggerKind.DRIFT, status)))).isEmpty();
  }
}
