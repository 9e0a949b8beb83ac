package dev.mlops.orchestrator.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The state of one step of one run.
 *
 * @param runId the run
 * @param step which step
 * @param status where it is
 * @param attempt 1 for the first try; a retry of the run from this step adds one (and so gets new
 *     job names)
 * @param jobName the SageMaker job or endpoint this step drives (its log location)
 * @param startedAt when the step started (of this attempt)
 * @param endedAt when it ended
 * @param failureReason why it failed
 * @param outputs what later steps read (S3 URIs, metrics, versions)
 * @param detail what people read (validation report summary, gate verdict, last transient error)
 */
public record StepRecord(
    UUID runId,
    StepName step,
    StepStatus status,
    int attempt,
    String jobName,
    Instant startedAt,
    Instant endedAt,
    String failureReason,
    Map<String, String> outputs,
    Map<String, Object> detail) {}
