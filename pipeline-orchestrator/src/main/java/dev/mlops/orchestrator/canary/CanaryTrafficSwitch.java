package dev.mlops.orchestrator.canary;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.deploy.Deployment;
import dev.mlops.orchestrator.deploy.DeploymentStatus;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.ImmediateTrafficSwitch;
import dev.mlops.orchestrator.deploy.Promotion;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.deploy.TrafficSwitch;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of a run as a canary: the new prod endpoint takes the plan's weights while the
 * gateways' windows are analysed, until it is promoted or rolled back. Driven by the reconciler
 * through the run's switch-traffic step, so the run's row lock ({@code FOR UPDATE SKIP LOCKED})
 * makes one instance at a time drive it, and a restart resumes it from PostgreSQL. The very first
 * prod deployment (nothing to compare with) switches at once.
 */
@ApplicationScoped
public class CanaryTrafficSwitch implements TrafficSwitch {

  /** How often a paused canary's run looks again (admin calls wake it at once). */
  static final Duration PAUSED_RECHECK = Duration.ofSeconds(30);

  /** How often a run waits for another version's canary to end. */
  static final Duration QUEUED_RECHECK = Duration.ofSeconds(5);

  private final CanaryRollout rollout;
  private final CanaryStore store;
  private final DeploymentStore deployments;
  private final ImmediateTrafficSwitch immediate;
  private final OrchestratorConfig config;

  public CanaryTrafficSwitch(
      CanaryRollout rollout,
      CanaryStore store,
      DeploymentStore deployments,
      ImmediateTrafficSwitch immediate,
      OrchestratorConfig config) {
    this.rollout = rollout;
    this.store = store;
    this.deployments = deployments;
    this.immediate = immediate;
    this.config = config;
  }

  @Override
  public StepOutcome advance(Promotion p) throws SQLException {
    // A failure half way (S3 unreachable while writing the policy) is stored by the reconciler in
    // this transaction as a transient error of the step: the canary's own half-done changes (an
    // analysis recorded, a weight not written) must not be stored with it.
    Savepoint before = p.tx().setSavepoint();
    try {
      return advanceCanary(p);
    } catch (RuntimeException e) {
      p.tx().rollback(before);
      throw e;
    }
  }

  private StepOutcome advanceCanary(Promotion p) throws SQLException {
    // serialises with a prod rollback and with the start of another run's canary
    deployments.lockStage(p.tx(), Stage.PROD);
    Optional<Canary> mine = store.forRun(p.tx(), p.run().id());
    if (mine.isPresent()) {
      Canary c = mine.get();
      rollout.drive(p.tx(), c, p.now());
      return outcome(c, p.now());
    }
    Deployment candidate = deployments.byId(p.tx(), p.candidate().id()).orElseThrow();
    if (candidate.status() == DeploymentStatus.ACTIVE) {
      // switched at once before a crash whose step outcome was not stored: nothing left to do
      return new StepOutcome.Done(null, Map.of("endpoint", candidate.endpoint()), Map.of(), false);
    }
    if (candidate.status() != DeploymentStatus.READY) {
      return StepOutcome.failed(
          candidate.endpoint(),
          "the prod endpoint "
              + candidate.endpoint()
              + " is "
              + candidate.status().id()
              + (candidate.note() == null ? "" : " (" + candidate.note() + ")")
              + "; start a new run to deploy this version again");
    }
    Optional<Deployment> stable = p.current().filter(d -> d.id() != candidate.id());
    if (!config.canary().enabled() || stable.isEmpty()) {
      return immediate.advance(p);
    }
    Optional<Canary> other = store.active(p.tx());
    if (other.isPresent()) {
      return new StepOutcome.InProgress(
          candidate.endpoint(),
          QUEUED_RECHECK,
          Map.of(
              "waiting_for_canary",
              other.get().modelVersion() + " (" + other.get().state().id() + ")"));
    }
    Canary c = rollout.start(p.tx(), p.run(), p.version(), candidate, stable.get(), p.now());
    return outcome(c, p.now());
  }

  @Override
  public void cancel(Promotion p) throws SQLException {
    Savepoint before = p.tx().setSavepoint();
    try {
      deployments.lockStage(p.tx(), Stage.PROD);
      Optional<Canary> c = store.forRun(p.tx(), p.run().id());
      if (c.isPresent() && c.get().state().isActive()) {
        rollout.rollBack(
            p.tx(), c.get(), "run cancel", "the run was cancelled", List.of(), p.now());
      }
    } catch (RuntimeException e) {
      p.tx().rollback(before);
      throw e;
    }
  }

  private StepOutcome outcome(Canary c, Instant now) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("canary_id", c.id());
    detail.put("canary_state", c.state().id());
    detail.put("canary_weight", c.weight());
    detail.put(
        "canary_next_analysis_at", c.nextAnalysisAt() == null ? "" : c.nextAnalysisAt().toString());
    return switch (c.state()) {
      case RUNNING -> {
        Duration until = Duration.between(now, c.nextAnalysisAt());
        if (until.isNegative()) {
          until = Duration.ZERO;
        }
        Duration poll = config.reconcile().pollInterval();
        Duration recheck =
            CanaryDecision.mayFailFast(c.consecutiveFailures(), c.settings())
                    && poll.compareTo(until) < 0
                ? poll
                : until;
        yield new StepOutcome.InProgress(c.endpoint(), recheck, detail);
      }
      case PAUSED -> new StepOutcome.InProgress(c.endpoint(), PAUSED_RECHECK, detail);
      case PROMOTED -> {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("endpoint", c.endpoint());
        outputs.put("canary_id", Long.toString(c.id()));
        if (c.policyVersion() != null) {
          outputs.put("routing_policy_version", Long.toString(c.policyVersion()));
        }
        outputs.put("replaced_version", c.stableVersion());
        yield new StepOutcome.Done(c.endpoint(), outputs, detail, false);
      }
      case ROLLED_BACK ->
          new StepOutcome.Failed(
              c.endpoint(),
              "canary rolled back by " + c.outcomeBy() + ": " + c.outcomeReason(),
              detail);
    };
  }
}
