package dev.mlops.orchestrator.deploy;

import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.StepRecord;
import dev.mlops.orchestrator.registry.ModelVersion;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/**
 * A new prod endpoint ready to take production traffic from the current one.
 *
 * @param run the run promoting it
 * @param step the switch step's record (attempt, detail of earlier passes)
 * @param version the model version
 * @param candidate the new prod deployment (in service, smoke tested)
 * @param current the deployment taking production traffic now, if any
 * @param tx the transaction holding the run's lock
 * @param now the reconciler pass's clock
 */
public record Promotion(
    PipelineRun run,
    StepRecord step,
    ModelVersion version,
    Deployment candidate,
    Optional<Deployment> current,
    Connection tx,
    Instant now) {}
