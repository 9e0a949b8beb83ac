package dev.mlops.orchestrator.deploy;

import java.time.Instant;
import java.util.UUID;

/**
 * One endpoint of one model version in one stage: the deployment history.
 *
 * @param id row id (orders the history)
 * @param stage dev or prod
 * @param modelVersion registry version
 * @param endpoint SageMaker endpoint name
 * @param runId the run that deployed it (null for a rollback)
 * @param status where it is
 * @param createdAt when creation started
 * @param activatedAt when it started taking traffic
 * @param retireAfter when a retiring endpoint may be deleted
 * @param endedAt when it stopped taking traffic (or failed)
 * @param note why it ended (replaced by v4, rolled back, smoke test failed ...)
 */
public record Deployment(
    long id,
    Stage stage,
    String modelVersion,
    String endpoint,
    UUID runId,
    DeploymentStatus status,
    Instant createdAt,
    Instant activatedAt,
    Instant retireAfter,
    Instant endedAt,
    String note) {}
