package dev.mlops.orchestrator.pipeline;

import java.time.Duration;
import java.util.Map;

/** What one advance of a step found. */
public sealed interface StepOutcome {

  /** Still going (a job runs, an endpoint is being created): look again after {@code recheck}. */
  record InProgress(String jobName, Duration recheck, Map<String, Object> detail)
      implements StepOutcome {}

  /** Done; {@code outputs} are kept for later steps. */
  record Done(
      String jobName, Map<String, String> outputs, Map<String, Object> detail, boolean cached)
      implements StepOutcome {}

  /** Failed for good (a job failed, the gate said no, the data is invalid). */
  record Failed(String jobName, String reason, Map<String, Object> detail) implements StepOutcome {}

  /** Waiting for a person (approval). */
  record AwaitingApproval(Map<String, Object> detail) implements StepOutcome {}

  /** A person said no (rejected at approval). */
  record Rejected(String reason) implements StepOutcome {}

  static InProgress inProgress(String jobName, Duration recheck) {
    return new InProgress(jobName, recheck, Map.of());
  }

  static Done done(String jobName, Map<String, String> outputs) {
    return new Done(jobName, outputs, Map.of(), false);
  }

  static Failed failed(String jobName, String reason) {
    return new Failed(jobName, reason, Map.of());
  }
}
