package dev.mlops.orchestrator.trigger;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.PipelineRuns;
import dev.mlops.orchestrator.pipeline.RunStore;
import dev.mlops.orchestrator.pipeline.StartRun;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns pending triggers whose debounce window is over into runs. A dataset with an active run
 * keeps its pending trigger (at most one) until that run ends: the queued follow-up run.
 */
@ApplicationScoped
public class RunLauncher {

  private static final Logger LOG = Logger.getLogger(RunLauncher.class);

  private final Db db;
  private final TriggerIntake intake;
  private final RunStore runs;
  private final PipelineRuns pipelineRuns;
  private final DeploymentStore deployments;
  private final ModelRegistry registry;
  private final OrchestratorConfig config;

  public RunLauncher(
      Db db,
      TriggerIntake intake,
      RunStore runs,
      PipelineRuns pipelineRuns,
      DeploymentStore deployments,
      ModelRegistry registry,
      OrchestratorConfig config) {
    this.db = db;
    this.intake = intake;
    this.runs = runs;
    this.pipelineRuns = pipelineRuns;
    this.deployments = deployments;
    this.registry = registry;
    this.config = config;
  }

  @Scheduled(
      every = "${mlops.reconcile.interval}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    try {
      launchDue();
    } catch (RuntimeException e) {
      LOG.errorf(e, "starting triggered runs failed; will try again");
    }
  }

  /** Starts the runs of due pending triggers; returns how many started. */
  public int launchDue() {
    return db.tx(
        tx -> {
          int started = 0;
          Instant now = Instant.now();
          for (PendingTrigger p : intake.claimDue(tx, now, 20)) {
            if (runs.activeRun(tx, p.dataset()).isPresent()) {
              continue;
            }
            start(tx, p, now);
            intake.delete(tx, p.dataset());
            started++;
          }
          return started;
        });
  }

  private void start(Connection tx, PendingTrigger p, Instant now) throws SQLException {
    String uri = p.datasetUri();
    Optional<PipelineRun> latest = runs.latestRun(tx, p.dataset());
    if (uri == null) {
      uri =
          latest
              .map(PipelineRun::datasetUri)
              .orElse(
                  "s3://"
                      + config.buckets().data()
                      + "/"
                      + config.buckets().datasetsPrefix()
                      + p.dataset()
                      + "/");
    }
    // retraining keeps the settings of the model in production, not those of the latest attempt
    Map<String, String> hyperparameters = Map.of();
    Optional<PipelineRun> productionRun = productionRun(tx, p.dataset());
    if (productionRun.isPresent()) {
      hyperparameters = productionRun.get().hyperparameters();
    }
    String detail = p.events() == 1 ? p.detail() : p.events() + " triggers, latest: " + p.detail();
    pipelineRuns.create(
        tx,
        new StartRun(
            p.dataset(),
            uri,
            // new uploads bring their own schema.json; retraining reuses the production run's
            p.kind() == TriggerKind.UPLOAD
                ? null
                : productionRun.map(PipelineRun::schemaJson).orElse(null),
            p.kind() == TriggerKind.UPLOAD
                ? null
                : productionRun.map(PipelineRun::target).orElse(null),
            hyperparameters,
            p.image(),
            null,
            p.kind(),
            detail),
        now);
  }

  private Optional<PipelineRun> productionRun(Connection tx, String dataset) throws SQLException {
    var active = deployments.active(tx, Stage.PROD);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    Optional<ModelVersion> v = registry.find(tx, active.get().modelVersion());
    if (v.isEmpty() || !v.get().dataset().equals(dataset)) {
      return Optional.empty();
    }
    return runs.find(tx, v.get().runId());
  }
}
