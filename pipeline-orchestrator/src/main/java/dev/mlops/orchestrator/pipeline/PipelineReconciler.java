package dev.mlops.orchestrator.pipeline;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.db.DatabaseException;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.notify.Outbox;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Advances runs. Each pass claims due runs one at a time with {@code FOR UPDATE SKIP LOCKED},
 * advances the current step (which describes before it creates, so a step re-driven after a crash
 * adopts what it started) and stores the result in the same transaction. A crash at any point rolls
 * back to the last stored state, from which the next pass, on any instance, goes on.
 */
@ApplicationScoped
public class PipelineReconciler {

  private static final Logger LOG = Logger.getLogger(PipelineReconciler.class);

  private final Db db;
  private final RunStore runs;
  private final Outbox outbox;
  private final OrchestratorConfig config;
  private final Map<StepName, PipelineStep> steps = new EnumMap<>(StepName.class);
  private final Backoff backoff;

  public PipelineReconciler(
      Db db,
      RunStore runs,
      Outbox outbox,
      OrchestratorConfig config,
      Instance<PipelineStep> handlers) {
    this.db = db;
    this.runs = runs;
    this.outbox = outbox;
    this.config = config;
    for (PipelineStep s : handlers) {
      steps.put(s.name(), s);
    }
    for (StepName n : StepName.values()) {
      if (!steps.containsKey(n)) {
        throw new IllegalStateException("no handler for step " + n.id());
      }
    }
    this.backoff =
        new Backoff(
            config.retry().initialDelay(), config.retry().maxDelay(), config.retry().maxAttempts());
  }

  @Scheduled(
      every = "${mlops.reconcile.interval}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    reconcileOnce();
  }

  /** One pass: advances every due run once (up to the batch size). Returns how many. */
  public int reconcileOnce() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < config.reconcile().batchSize(); i++) {
      Optional<UUID> advanced;
      try {
        advanced =
            db.tx(
                tx -> {
                  Optional<PipelineRun> run = runs.claimDue(tx, Instant.now(), seen);
                  if (run.isEmpty()) {
                    return Optional.<UUID>empty();
                  }
                  seen.add(run.get().id());
                  advance(tx, run.get());
                  return Optional.of(run.get().id());
                });
      } catch (RuntimeException e) {
        // the transaction rolled back; the run stays due and is tried on the next pass
        LOG.errorf(e, "reconciler pass failed; will try again");
        return seen.size();
      }
      if (advanced.isEmpty()) {
        break;
      }
    }
    return seen.size();
  }

  private void advance(Connection tx, PipelineRun run) throws SQLException {
    Instant now = Instant.now();
    Map<StepName, StepRecord> records = new LinkedHashMap<>();
    for (StepRecord r : runs.steps(tx, run.id())) {
      records.put(r.step(), r);
    }
    StepRecord step = records.get(run.currentStep());
    StepContext ctx = new StepContext(run, step, records, tx, now, config.project());
    PipelineStep handler = steps.get(run.currentStep());
    RunTransitions.Transition t;
    if (run.cancelRequested() || run.status() == RunStatus.CANCELLING) {
      try {
        handler.cancel(ctx);
        t = RunTransitions.cancelled(run, step, now);
        LOG.infof("run %s cancelled at %s", run.shortId(), step.step().id());
      } catch (TransientFailure e) {
        t =
            RunTransitions.transientError(
                run, step, e.getMessage(), backoff, now, ThreadLocalRandom.current());
        if (t.run().status() == RunStatus.FAILED) {
          t = RunTransitions.cancelled(run, step, now);
        }
      }
    } else {
      try {
        StepOutcome outcome = handler.advance(ctx);
        t = RunTransitions.apply(ctx.run(), step, outcome, now);
        log(run, step, outcome);
      } catch (TransientFailure e) {
        LOG.warnf(
            "run %s %s: transient error, backing off: %s",
            run.shortId(), step.step().id(), e.getMessage());
        t =
            RunTransitions.transientError(
                ctx.run(), step, e.getMessage(), backoff, now, ThreadLocalRandom.current());
      } catch (DatabaseException e) {
        throw e;
      } catch (RuntimeException e) {
        // a refusal by AWS (bad configuration, invalid request) or our bug: fail the run visibly
        LOG.errorf(e, "run %s %s failed", run.shortId(), step.step().id());
        t =
            RunTransitions.apply(
                ctx.run(),
                step,
                StepOutcome.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage()),
                now);
      }
    }
    runs.update(tx, t.run());
    runs.updateStep(tx, t.step());
    outbox.addAll(tx, t.notices(), now);
  }

  private static void log(PipelineRun run, StepRecord step, StepOutcome outcome) {
    switch (outcome) {
      case StepOutcome.Done d ->
          LOG.infof(
              "run %s: %s %s",
              run.shortId(), step.step().id(), d.cached() ? "reused cached outputs" : "done");
      case StepOutcome.Failed f ->
          LOG.infof("run %s: %s failed: %s", run.shortId(), step.step().id(), f.reason());
      case StepOutcome.Rejected r -> LOG.infof("run %s: %s", run.shortId(), r.reason());
      default -> {}
    }
  }
}
