package dev.mlops.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run state machine, without a database: every rule of RunTransitions. */
class RunTransitionsTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static PipelineRun run(RunStatus status, StepName step) {
    return TestRuns.run(TriggerKind.UPLOAD, status, step);
  }

  static StepRecord step(StepName name, StepStatus status, int attempt) {
    return new StepRecord(
        UUID.fromString("12345678-1234-1234-1234-123456789abc"),
        name,
        status,
        attempt,
        null,
        null,
        null,
        null,
        Map.of(),
        Map.of());
  }

  @Test
  void doneMovesToTheNextStepAndKeepsOutputs() {
    var t =
        RunTransitions.apply(
            run(RunStatus.RUNNING, StepName.TRAIN),
            step(StepName.TRAIN, StepStatus.RUNNING, 1),
            StepOutcome.done("job-a1", Map.of("model", "s3://x/model.tar.gz")),
            T0.plusSeconds(10));
    assertThat(t.run().currentStep()).isEqualTo(StepName.EVALUATE);
    assertThat(t.run().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(t.run().nextCheckAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(t.step().status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(t.step().outputs()).containsEntry("model", "s3://x/model.tar.gz");
    assertThat(t.step().endedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(t.notices()).isEmpty();
  }

  @Test
  void theLastStepDoneEndsTheRun() {
    var t =
        RunTransitions.apply(
            run(RunStatus.RUNNING, StepName.SWITCH_TRAFFIC),
            step(StepName.SWITCH_TRAFFIC, StepStatus.PENDING, 1),
            StepOutcome.done(null, Map.of()),
            T0);
    assertThat(t.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(t.run().endedAt()).isEqualTo(T0);
  }

  @Test
  void cachedOutcomeMarksTheStepCached() {
    var t =
        RunTransitions.apply(
            run(RunStatus.RUNNING, StepName.PREPROCESS),
            step(StepName.PREPROCESS, StepStatus.PENDING, 1),
            new StepOutcome.Done(null, Map.of("train", "s3://a/"), Map.of(), true),
            T0);
    assertThat(t.step().status()).isEqualTo(StepStatus.CACHED);
    assertThat(t.step().status().isDone()).isTrue();
  }

  @Test
  void inProgressSchedulesTheNextLookAndRecordsTheJob() {
    var t =
        RunTransitions.apply(
            run(RunStatus.QUEUED, StepName.PREPROCESS),
            step(StepName.PREPROCESS, StepStatus.PENDING, 1),
            StepOutcome.inProgress("mlops-12345678-preprocess-a1", Duration.ofSeconds(5)),
            T0);
    assertThat(t.run().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(t.run().nextCheckAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(t.step().jobName()).isEqualTo("mlops-12345678-preprocess-a1");
    assertThat(t.step().startedAt()).isEqualTo(T0);
  }

  @Test
  void failureFailsTheRunAndAnnouncesIt() {
    var t =
        RunTransitions.apply(
            run(RunStatus.RUNNING, StepName.GATE),
            step(StepName.GATE, StepStatus.PENDING, 1),
            StepOutcome.failed(null, "r2 0.1 misses the threshold"),
            T0);
    assertThat(t.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(t.run().currentStep()).isEqualTo(StepName.GATE);
    assertThat(t.run().failureReason()).isEqualTo("gate failed: r2 0.1 misses the threshold");
    assertThat(t.step().status()).isEqualTo(StepStatus.FAILED);
    assertThat(t.notices())
        .singleElement()
        .satisfies(n -> assertThat(n.event()).isEqualTo("run_failed"));
  }

  @Test
  void approvalIsAnnouncedOnceWhileWaiting() {
    var first =
        RunTransitions.apply(
            run(RunStatus.RUNNING, StepName.APPROVAL).withModelVersion("v1"),
            step(StepName.APPROVAL, StepStatus.PENDING, 1),
            new StepOutcome.AwaitingApproval(Map.of()),
            T0);
    assertThat(first.run().status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(first.notices())
        .singleElement()
        .satisfies(n -> assertThat(n.event()).isEqualTo("approval_needed"));
    var again =
        RunTransitions.apply(
            first.run(),
            first.step(),
            new StepOutcome.AwaitingApproval(Map.of()),
            T0.plusSeconds(30));
    assertThat(again.notices()).isEmpty();
    assertThat(again.run().status()).isEqualTo(RunStatus.WAITING_APPROVAL);
  }

  @Test
  void rejectionEndsTheRunRejected() {
    var t =
        RunTransitions.apply(
            run(RunStatus.WAITING_APPROVAL, StepName.APPROVAL),
            step(StepName.APPROVAL, StepStatus.RUNNING, 1),
            new StepOutcome.Rejected("v1 rejected by ana: worse on big cities"),
            T0);
    assertThat(t.run().status()).isEqualTo(RunStatus.REJECTED);
    assertThat(t.run().status().isActive()).isFalse();
  }

  @Test
  void transientErrorsBackOffThenFailTheRun() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 3);
    PipelineRun r = run(RunStatus.RUNNING, StepName.TRAIN);
    StepRecord s = step(StepName.TRAIN, StepStatus.RUNNING, 1);
    var t1 = RunTransitions.transientError(r, s, "ThrottlingException", backoff, T0, new Random(1));
    assertThat(t1.run().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(t1.run().transientErrors()).isEqualTo(1);
    assertThat(t1.run().nextCheckAt()).isBetween(T0.plusMillis(500), T0.plusSeconds(1));
    assertThat(t1.step().detail()).containsEntry("last_transient_error", "ThrottlingException");
    var t2 = RunTransitions.transientError(t1.run(), t1.step(), "503", backoff, T0, new Random(1));
    assertThat(t2.run().transientErrors()).isEqualTo(2);
    var t3 = RunTransitions.transientError(t2.run(), t2.step(), "503", backoff, T0, new Random(1));
    assertThat(t3.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(t3.run().failureReason()).contains("gave up after 3 transient errors");
  }

  @Test
  void progressResetsTheTransientErrorCount() {
    PipelineRun r = run(RunStatus.RUNNING, StepName.TRAIN).withTransientErrors(4);
    var t =
        RunTransitions.apply(
            r,
            step(StepName.TRAIN, StepStatus.RUNNING, 1),
            StepOutcome.inProgress("j", Duration.ofSeconds(1)),
            T0);
    assertThat(t.run().transientErrors()).isZero();
  }

  @Test
  void retryStartsANewAttemptOfTheFailedStep() {
    PipelineRun failed =
        run(RunStatus.FAILED, StepName.TRAIN)
            .withFailureReason("train failed: OOM")
            .withEndedAt(T0);
    StepRecord s =
        new StepRecord(
            failed.id(),
            StepName.TRAIN,
            StepStatus.FAILED,
            1,
            "mlops-12345678-train-a1",
            T0,
            T0,
            "OOM",
            Map.of(),
            Map.of());
    var t = RunTransitions.retry(failed, s, T0.plusSeconds(60));
    assertThat(t.run().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(t.run().failureReason()).isNull();
    assertThat(t.run().endedAt()).isNull();
    assertThat(t.step().attempt()).isEqualTo(2);
    assertThat(t.step().status()).isEqualTo(StepStatus.PENDING);
    assertThat(t.step().jobName()).isNull();
    assertThat(JobNames.job("mlops", failed.shortId(), StepName.TRAIN, t.step().attempt()))
        .isEqualTo("mlops-12345678-train-a2");
  }

  @Test
  void onlyFailedOrCancelledRunsCanBeRetried() {
    assertThatThrownBy(
            () ->
                RunTransitions.retry(
                    run(RunStatus.RUNNING, StepName.TRAIN),
                    step(StepName.TRAIN, StepStatus.RUNNING, 1),
                    T0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void cancelKeepsDoneStepsAndCancelsTheCurrentOne() {
    var t =
        RunTransitions.cancelled(
            run(RunStatus.CANCELLING, StepName.TRAIN).withCancelRequested(true),
            step(StepName.TRAIN, StepStatus.RUNNING, 1),
            T0);
    assertThat(t.run().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(t.run().cancelRequested()).isFalse();
    assertThat(t.step().status()).isEqualTo(StepStatus.CANCELLED);
  }
}
