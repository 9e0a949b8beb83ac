package dev.mlops.orchestrator.canary;

import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.deploy.CanaryTraffic;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.ProdRollback;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What people do with a canary (promote now, roll back, pause, resume) and what they see of it. An
 * action takes the canary's run row lock first (waiting for a reconciler pass that holds it), then
 * the prod stage lock, like the reconciler, and wakes the run so its step ends at once.
 */
@ApplicationScoped
public class CanaryControl implements CanaryTraffic {

  /** A canary with its analyses, oldest first. */
  public record Report(Canary canary, List<AnalysisRecord> analyses) {}

  @FunctionalInterface
  interface Action {
    void apply(Connection tx, Canary c, Instant now) throws SQLException;
  }

  private final Db db;
  private final CanaryStore store;
  private final CanaryRollout rollout;
  private final RunStore runs;
  private final DeploymentStore deployments;

  public CanaryControl(
      Db db, CanaryStore store, CanaryRollout rollout, RunStore runs, DeploymentStore deployments) {
    this.db = db;
    this.store = store;
    this.rollout = rollout;
    this.runs = runs;
    this.deployments = deployments;
  }

  public CanarySettings settings() {
    return rollout.settings();
  }

  /** The canary sharing production now, else the latest one. */
  public Optional<Report> current() {
    return db.tx(
        tx -> {
          Optional<Canary> c = store.active(tx);
          if (c.isEmpty()) {
            List<Canary> latest = store.history(tx, 1);
            c = latest.isEmpty() ? Optional.empty() : Optional.of(latest.get(0));
          }
          return c.isEmpty()
              ? Optional.<Report>empty()
              : Optional.of(new Report(c.get(), store.analyses(tx, c.get().id())));
        });
  }

  /** A canary and how many analyses it had. */
  public record Summary(Canary canary, int analysisCount) {}

  /** Canaries, newest first, with how many analyses each had. */
  public List<Summary> history(int limit) {
    return db.tx(
        tx -> {
          List<Canary> canaries = store.history(tx, limit);
          Map<Long, Integer> counts =
              store.analysisCounts(tx, canaries.stream().map(Canary::id).toList());
          List<Summary> out = new ArrayList<>();
          for (Canary c : canaries) {
            out.add(new Summary(c, counts.getOrDefault(c.id(), 0)));
          }
          return out;
        });
  }

  /** The latest canary of a model version. */
  public Report ofVersion(String version) {
    return db.tx(
        tx -> {
          Canary c =
              store
                  .latestOf(tx, version)
                  .orElseThrow(
                      () ->
                          OrchestratorException.notFound(
                              "model version " + version + " had no canary"));
          return new Report(c, store.analyses(tx, c.id()));
        });
  }

  public Report promote(String by, String comment) {
    return act(
        "promote",
        (tx, c, now) -> rollout.promote(tx, c, by, reason("promoted now by " + by, comment), now));
  }

  public Report rollBack(String by, String comment) {
    return act("roll back", rollBackBy(by, comment));
  }

  private Action rollBackBy(String by, String comment) {
    return (tx, c, now) ->
        rollout.rollBack(tx, c, by, reason("rolled back by hand", comment), List.of(), now);
  }

  public Report pause(String by, String comment) {
    return act(
        "pause", (tx, c, now) -> rollout.pause(tx, c, reason("paused by " + by, comment), now));
  }

  public Report resume(String by) {
    return act("resume", (tx, c, now) -> rollout.resume(tx, c, now));
  }

  @Override
  public Optional<ProdRollback.Result> rollBackActive(String by, String comment) {
    return actIfRunning("roll back", rollBackBy(by, comment))
        .map(
            r ->
                new ProdRollback.Result(
                    r.canary().modelVersion(),
                    r.canary().stableVersion(),
                    r.canary().stableEndpoint(),
                    r.canary().policyVersion() == null ? 0 : r.canary().policyVersion()));
  }

  @Override
  public boolean sharesProduction(Connection tx) throws SQLException {
    return store.active(tx).isPresent();
  }

  private Report act(String what, Action action) {
    return actIfRunning(what, action)
        .orElseThrow(
            () -> OrchestratorException.conflict("no canary is running: nothing to " + what));
  }

  /** Applies the action to the running canary; empty when none runs. */
  private Optional<Report> actIfRunning(String what, Action action) {
    Optional<UUID> running = db.tx(tx -> store.active(tx).map(Canary::runId));
    if (running.isEmpty()) {
      return Optional.empty();
    }
    UUID runId = running.get();
    return Optional.of(
        db.tx(
            tx -> {
              Instant now = Instant.now();
              PipelineRun run = runs.lock(tx, runId).orElseThrow();
              deployments.lockStage(tx, Stage.PROD);
              Canary c = store.forRun(tx, runId).orElseThrow();
              if (!c.state().isActive()) {
                throw OrchestratorException.conflict(
                    "the canary of "
                        + c.modelVersion()
                        + " is "
                        + c.state().id()
                        + " already: nothing to "
                        + what);
              }
              action.apply(tx, c, now);
              if (run.status().isActive()) {
                // the run's step sees the new state on the next pass, now rather than later
                runs.update(tx, run.withNextCheckAt(now));
              }
              return new Report(c, store.analyses(tx, c.id()));
            }));
  }

  private static String reason(String what, String comment) {
    return comment == null || comment.isBlank() ? what : what + ": " + comment;
  }
}
