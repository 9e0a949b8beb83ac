package dev.mlops.orchestrator.pipeline;

import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.db.DatabaseException;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Starting, reading, retrying and cancelling runs. */
@ApplicationScoped
public class PipelineRuns {

  private static final Logger LOG = Logger.getLogger(PipelineRuns.class);

  /** A run with its steps. */
  public record RunWithSteps(PipelineRun run, List<StepRecord> steps) {}

  private final Db db;
  private final RunStore store;
  private final OrchestratorConfig config;

  public PipelineRuns(Db db, RunStore store, OrchestratorConfig config) {
    this.db = db;
    this.store = store;
    this.config = config;
  }

  /** Starts a run; a conflict when the dataset has an active run. */
  public PipelineRun start(StartRun request) {
    try {
      return db.tx(tx -> create(tx, request, Instant.now()));
    } catch (DatabaseException e) {
      if (e.isUniqueViolation() && e.mentions("pipeline_run_one_active_per_dataset")) {
        throw OrchestratorException.conflict(
            "dataset '"
                + request.dataset()
                + "' has an active run already; wait for it or cancel it");
      }
      throw e;
    }
  }

  /** Validates the request and inserts the run, inside the caller's transaction. */
  public PipelineRun create(Connection tx, StartRun request, Instant now) throws SQLException {
    S3Uri uri;
    try {
      uri = S3Uri.parse(request.datasetUri());
    } catch (IllegalArgumentException e) {
      throw OrchestratorException.invalid(e.getMessage());
    }
    String dataset = request.dataset();
    if (dataset == null || dataset.isBlank()) {
      String folder = uri.folder().key();
      String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
      dataset = trimmed.isEmpty() ? uri.bucket() : trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
    if (!dataset.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw OrchestratorException.invalid(
          "dataset name '" + dataset + "' must be letters, digits, '.', '_' or '-' (at most 63)");
    }
    if (request.schemaJson() != null) {
      try {
        DatasetSchema.parse(request.schemaJson().getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw OrchestratorException.invalid("invalid schema: " + rootMessage(e));
      }
    }
    PipelineRun.GateSettings gate =
        request.gate() != null
            ? request.gate()
            : new PipelineRun.GateSettings(
                config.gate().metric(), config.gate().threshold(), config.gate().margin());
    try {
      MetricDirection.of(gate.metric());
    } catch (IllegalArgumentException e) {
      throw OrchestratorException.invalid(e.getMessage());
    }
    UUID id = UUID.randomUUID();
    PipelineRun run =
        new PipelineRun(
            id,
            PipelineRun.shortIdOf(id),
            dataset,
            uri.toString(),
            request.schemaJson(),
            request.target(),
            null,
            request.hyperparameters() == null ? Map.of() : Map.copyOf(request.hyperparameters()),
            request.image() != null ? request.image() : config.training().image(),
            request.trigger(),
            request.triggerDetail(),
            RunStatus.QUEUED,
            StepName.PREPROCESS,
            null,
            null,
            false,
            0,
            gate,
            now,
            now,
            now,
            null);
    store.insert(tx, run);
    LOG.infof(
        "run %s started for dataset %s (%s%s)",
        run.shortId(),
        dataset,
        request.trigger().id(),
        request.triggerDetail() == null ? "" : ": " + request.triggerDetail());
    return run;
  }

  public RunWithSteps get(UUID id) {
    return db.tx(
        tx -> {
          PipelineRun run =
              store.find(tx, id).orElseThrow(() -> OrchestratorException.notFound("no run " + id));
          return new RunWithSteps(run, store.steps(tx, id));
        });
  }

  public List<RunWithSteps> list(String dataset, RunStatus status, int limit) {
    return db.tx(
        tx -> {
          List<RunWithSteps> out = new java.util.ArrayList<>();
          for (PipelineRun r : store.list(tx, dataset, status, limit)) {
            out.add(new RunWithSteps(r, store.steps(tx, r.id())));
          }
          return out;
        });
  }

  /** Restarts a failed or cancelled run from the step where it stopped. */
  public PipelineRun retry(UUID id) {
    try {
      return db.tx(
          tx -> {
            PipelineRun run =
                store
                    .lock(tx, id)
                    .orElseThrow(() -> OrchestratorException.notFound("no run " + id));
            if (run.status() != RunStatus.FAILED && run.status() != RunStatus.CANCELLED) {
              throw OrchestratorException.conflict(
                  "only a failed or cancelled run can be retried; run "
                      + run.shortId()
                      + " is "
                      + run.status().id());
            }
            StepRecord step =
                store.steps(tx, id).stream()
                    .filter(s -> s.step() == run.currentStep())
                    .findFirst()
                    .orElseThrow();
            RunTransitions.Transition t = RunTransitions.retry(run, step, Instant.now());
            store.update(tx, t.run());
            store.updateStep(tx, t.step());
            LOG.infof(
                "run %s retried from %s (attempt %d)",
                run.shortId(), step.step().id(), t.step().attempt());
            return t.run();
          });
    } catch (DatabaseException e) {
      if (e.isUniqueViolation()) {
        throw OrchestratorException.conflict(
            "the dataset has another active run; retry this one when it has finished");
      }
      throw e;
    }
  }

  /** Asks the reconciler to stop the run's jobs and cancel it. */
  public PipelineRun cancel(UUID id) {
    return db.tx(
        tx -> {
          PipelineRun run =
              store.lock(tx, id).orElseThrow(() -> OrchestratorException.notFound("no run " + id));
          if (!run.status().isActive()) {
            throw OrchestratorException.conflict(
                "run "
                    + run.shortId()
                    + " is "
                    + run.status().id()
                    + "; only an active run can be cancelled");
          }
          Instant now = Instant.now();
          PipelineRun updated =
              run.withCancelRequested(true)
                  .withStatus(RunStatus.CANCELLING)
                  .withNextCheckAt(now)
                  .withUpdatedAt(now);
          store.update(tx, updated);
          return updated;
        });
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? e.getMessage() : t.getMessage();
  }
}
