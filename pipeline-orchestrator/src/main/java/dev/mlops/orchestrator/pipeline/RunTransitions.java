package dev.mlops.orchestrator.pipeline;

import dev.mlops.orchestrator.notify.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The run state machine: what a step's outcome does to the run and the step. Pure, so every rule is
 * tested without a database or AWS; the reconciler stores the result in the same transaction that
 * holds the run's row lock.
 */
public final class RunTransitions {

  /** How long a run waiting for approval sleeps between checks (approvals wake it at once). */
  public static final Duration APPROVAL_RECHECK = Duration.ofSeconds(30);

  private RunTransitions() {}

  /** The run and step after an outcome, and what to announce. */
  public record Transition(PipelineRun run, StepRecord step, List<Notice> notices) {}

  public static Transition apply(
      PipelineRun run, StepRecord step, StepOutcome outcome, Instant now) {
    List<Notice> notices = new ArrayList<>();
    Instant started = step.startedAt() != null ? step.startedAt() : now;
    return switch (outcome) {
      case StepOutcome.InProgress p -> {
        StepRecord s =
            new StepRecord(
                step.runId(),
                step.step(),
                StepStatus.RUNNING,
                step.attempt(),
                p.jobName() != null ? p.jobName() : step.jobName(),
                started,
                null,
                null,
                step.outputs(),
                merge(step.detail(), p.detail()));
        PipelineRun r =
            run.withStatus(RunStatus.RUNNING)
                .withTransientErrors(0)
                .withNextCheckAt(now.plus(p.recheck()))
                .withUpdatedAt(now);
        yield new Transition(r, s, notices);
      }
      case StepOutcome.Done d -> {
        StepRecord s =
            new StepRecord(
                step.runId(),
                step.step(),
                d.cached() ? StepStatus.CACHED : StepStatus.SUCCEEDED,
                step.attempt(),
                d.jobName() != null ? d.jobName() : step.jobName(),
                started,
                now,
                null,
                d.outputs(),
                merge(step.detail(), d.detail()));
        StepName next = step.step().next();
        PipelineRun r = run.withTransientErrors(0).withUpdatedAt(now).withNextCheckAt(now);
        if (next == null) {
          r = r.withStatus(RunStatus.SUCCEEDED).withEndedAt(now);
        } else {
          r = r.withStatus(RunStatus.RUNNING).withCurrentStep(next);
        }
        yield new Transition(r, s, notices);
      }
      case StepOutcome.Failed f -> {
        StepRecord s =
            new StepRecord(
                step.runId(),
                step.step(),
                StepStatus.FAILED,
                step.attempt(),
                f.jobName() != null ? f.jobName() : step.jobName(),
                started,
                now,
                f.reason(),
                step.outputs(),
                merge(step.detail(), f.detail()));
        String reason = step.step().id() + " failed: " + f.reason();
        PipelineRun r =
            run.withStatus(RunStatus.FAILED)
                .withFailureReason(reason)
                .withTransientErrors(0)
                .withEndedAt(now)
                .withUpdatedAt(now);
        notices.add(runFailed(r, step.step(), f.reason()));
        yield new Transition(r, s, notices);
      }
      case StepOutcome.AwaitingApproval a -> {
        StepRecord s =
            new StepRecord(
                step.runId(),
                step.step(),
                StepStatus.RUNNING,
                step.attempt(),
                step.jobName(),
                started,
                null,
                null,
                step.outputs(),
                merge(step.detail(), a.detail()));
        if (run.status() != RunStatus.WAITING_APPROVAL) {
          Map<String, Object> body = base(run);
          body.put("model_version", run.modelVersion());
          notices.add(
              new Notice(
                  "approval_needed",
                  "Model " + run.modelVersion() + " of " + run.dataset() + " awaits approval",
                  body));
        }
        PipelineRun r =
            run.withStatus(RunStatus.WAITING_APPROVAL)
                .withTransientErrors(0)
                .withNextCheckAt(now.plus(APPROVAL_RECHECK))
                .withUpdatedAt(now);
        yield new Transition(r, s, notices);
      }
      case StepOutcome.Rejected rej -> {
        StepRecord s =
            new StepRecord(
                step.runId(),
                step.step(),
                StepStatus.FAILED,
                step.attempt(),
                step.jobName(),
                started,
                now,
                rej.reason(),
                step.outputs(),
                step.detail());
        PipelineRun r =
            run.withStatus(RunStatus.REJECTED)
                .withFailureReason(rej.reason())
                .withEndedAt(now)
                .withUpdatedAt(now);
        yield new Transition(r, s, notices);
      }
    };
  }

  /**
   * A transient error (throttling, 5xx, network): back off and try the same step again, or fail the
   * run once the retries are used up.
   */
  public static Transition transientError(
      PipelineRun run,
      StepRecord step,
      String error,
      Backoff backoff,
      Instant now,
      RandomGenerator random) {
    int failures = run.transientErrors() + 1;
    Map<String, Object> detail = new LinkedHashMap<>(step.detail());
    detail.put("last_transient_error", error);
    detail.put("transient_errors", failures);
    StepRecord s =
        new StepRecord(
            step.runId(),
            step.step(),
            step.status(),
            step.attempt(),
            step.jobName(),
            step.startedAt(),
            step.endedAt(),
            step.failureReason(),
            step.outputs(),
            detail);
    if (!backoff.mayRetry(failures)) {
      return apply(
          run.withTransientErrors(failures),
          s,
          new StepOutcome.Failed(
              null, "gave up after " + failures + " transient errors: " + error, Map.of()),
          now);
    }
    PipelineRun r =
        run.withTransientErrors(failures)
            .withNextCheckAt(now.plus(backoff.delay(failures, random)))
            .withUpdatedAt(now);
    return new Transition(r, s, List.of());
  }

  /** The run after its cancel was carried out (jobs stopped). */
  public static Transition cancelled(PipelineRun run, StepRecord step, Instant now) {
    StepRecord s =
        new StepRecord(
            step.runId(),
            step.step(),
            step.status().isDone() ? step.status() : StepStatus.CANCELLED,
            step.attempt(),
            step.jobName(),
            step.startedAt(),
            step.status().isDone() ? step.endedAt() : now,
            step.failureReason(),
            step.outputs(),
            step.detail());
    PipelineRun r =
        run.withStatus(RunStatus.CANCELLED)
            .withCancelRequested(false)
            .withFailureReason("cancelled")
            .withEndedAt(now)
            .withUpdatedAt(now);
    return new Transition(r, s, List.of());
  }

  /**
   * A failed or cancelled run restarted from the step where it stopped, as a new attempt of that
   * step (new job names, so the failed job is never mistaken for the new one).
   */
  public static Transition retry(PipelineRun run, StepRecord step, Instant now) {
    if (run.status() != RunStatus.FAILED && run.status() != RunStatus.CANCELLED) {
      throw new IllegalStateException(
          "only a failed or cancelled run can be retried; this one is " + run.status().id());
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    StepRecord s =
        new StepRecord(
            step.runId(),
            step.step(),
            StepStatus.PENDING,
            step.attempt() + 1,
            null,
            null,
            null,
            null,
            Map.of(),
            detail);
    PipelineRun r =
        run.withStatus(RunStatus.RUNNING)
            .withFailureReason(null)
            .withTransientErrors(0)
            .withCancelRequested(false)
            .withEndedAt(null)
            .withNextCheckAt(now)
            .withUpdatedAt(now);
    return new Transition(r, s, List.of());
  }

  static Notice runFailed(PipelineRun run, StepName step, String reason) {
    Map<String, Object> body = base(run);
    body.put("step", step.id());
    body.put("reason", reason);
    return new Notice(
        "run_failed",
        "Run " + run.shortId() + " of " + run.dataset() + " failed at " + step.id(),
        body);
  }

  static Map<String, Object> base(PipelineRun run) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", run.id().toString());
    body.put("dataset", run.dataset());
    return body;
  }

  private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
    if (b == null || b.isEmpty()) {
      return a;
    }
    Map<String, Object> out = new LinkedHashMap<>(a);
    out.putAll(b);
    return out;
  }
}
