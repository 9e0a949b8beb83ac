package dev.mlops.orchestrator.canary;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.deploy.Deployment;
import dev.mlops.orchestrator.deploy.DeploymentStatus;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.ImmediateTrafficSwitch;
import dev.mlops.orchestrator.deploy.RoutingPolicyWriter;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.metrics.GatewayWindows;
import dev.mlops.orchestrator.notify.Notice;
import dev.mlops.orchestrator.notify.Outbox;
import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.RunStore;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Everything a canary does, each inside the caller's transaction (which holds the canary's run row
 * lock and the prod stage lock): start at the plan's first weight, analyse each interval on the
 * gateways' windows and step up, hold, wait or pause, promote, roll back.
 */
@ApplicationScoped
public class CanaryRollout {

  private static final Logger LOG = Logger.getLogger(CanaryRollout.class);

  /** Variant names in the routing policy and the gateways' windows. */
  static final String CANARY = "canary";

  static final String STABLE = "stable";

  private final CanaryStore store;
  private final GatewayWindows windows;
  private final RoutingPolicyWriter policies;
  private final DeploymentStore deployments;
  private final ModelRegistry registry;
  private final ImmediateTrafficSwitch immediate;
  private final RunStore runs;
  private final Outbox outbox;
  private final CanarySettings settings;

  public CanaryRollout(
      CanaryStore store,
      GatewayWindows windows,
      RoutingPolicyWriter policies,
      DeploymentStore deployments,
      ModelRegistry registry,
      ImmediateTrafficSwitch immediate,
      RunStore runs,
      Outbox outbox,
      OrchestratorConfig config) {
    this.store = store;
    this.windows = windows;
    this.policies = policies;
    this.deployments = deployments;
    this.registry = registry;
    this.immediate = immediate;
    this.runs = runs;
    this.outbox = outbox;
    // validated here so that a bad plan stops the start-up with the key to fix
    this.settings = CanarySettings.of(config.canary());
  }

  /** The settings a new canary gets. */
  public CanarySettings settings() {
    return settings;
  }

  /** Starts a canary of the candidate next to the stable deployment, at the plan's first weight. */
  public Canary start(
      Connection tx,
      PipelineRun run,
      ModelVersion version,
      Deployment candidate,
      Deployment stable,
      Instant now)
      throws SQLException {
    Canary c =
        new Canary(
            0,
            run.id(),
            version.version(),
            candidate.endpoint(),
            candidate.id(),
            stable.modelVersion(),
            stable.endpoint(),
            stable.id(),
            settings,
            now);
    c.state = CanaryState.RUNNING;
    c.step = 0;
    c.weight = settings.weightAt(0);
    c.intervalStartedAt = now;
    c.nextAnalysisAt = now.plus(settings.interval());
    c.updatedAt = now;
    c.weights.add(new Canary.WeightChange(now.toString(), c.weight, "started"));
    c.policyVersion =
        writePolicy(tx, c, c.weight, "canary of " + c.modelVersion + " at " + pct(c.weight), now)
            .version();
    store.insert(tx, c);
    Map<String, Object> body = base(run, c);
    body.put("weight", c.weight);
    body.put("steps", settings.steps());
    body.put("interval_seconds", settings.intervalSeconds());
    outbox.add(
        tx,
        new Notice(
            "canary_started",
            "Canary of "
                + c.modelVersion
                + " takes "
                + pct(c.weight)
                + " of "
                + run.dataset()
                + " traffic",
            body),
        now);
    LOG.infof(
        "canary %d: %s at %s beside %s (plan %s, interval %ss)",
        c.id,
        c.modelVersion,
        pct(c.weight),
        c.stableVersion,
        settings.steps(),
        settings.intervalSeconds());
    return c;
  }

  /**
   * One reconciler pass over a running canary: the analysis when its interval is over (or, with
   * fail-fast, a look at the errors so far), and what the verdict asks for.
   */
  public void drive(Connection tx, Canary c, Instant now) throws SQLException {
    if (c.state != CanaryState.RUNNING) {
      return;
    }
    boolean due = !now.isBefore(c.nextAnalysisAt);
    if (!due && !CanaryDecision.mayFailFast(c.consecutiveFailures, c.settings)) {
      return;
    }
    AnalysisResult r = analyze(tx, c, now, due);
    if (!due) {
      if (CanaryDecision.failsFast(r, c.consecutiveFailures, c.settings)) {
        // the record shows every check, the model ones included
        r = analyze(tx, c, now, true);
        record(tx, c, now, CanaryDecision.Action.ROLL_BACK, true, r);
        c.consecutiveFailures++;
        rollBack(tx, c, "canary analysis", r.failureSummary(), r.failedChecks(), now);
      }
      return;
    }
    CanaryDecision d =
        CanaryDecision.after(
            c.step, c.consecutiveFailures, c.consecutiveInconclusive, r.verdict(), c.settings);
    int seq = record(tx, c, now, d.action(), false, r);
    c.consecutiveFailures = d.consecutiveFailures();
    c.consecutiveInconclusive = d.consecutiveInconclusive();
    switch (d.action()) {
      case ADVANCE -> {
        c.step = d.step();
        c.weight = c.settings.weightAt(c.step);
        c.policyVersion =
            writePolicy(
                    tx,
                    c,
                    c.weight,
                    "canary of "
                        + c.modelVersion
                        + " passed analysis "
                        + seq
                        + ": "
                        + pct(c.weight),
                    now)
                .version();
        c.weights.add(new Canary.WeightChange(now.toString(), c.weight, "passed analysis " + seq));
        c.intervalStartedAt = now;
        c.nextAnalysisAt = now.plus(c.settings.interval());
        LOG.infof(
            "canary %d: %s passed analysis %d, now %s", c.id, c.modelVersion, seq, pct(c.weight));
      }
      case PROMOTE -> {
        promote(tx, c, "canary analysis", "passed " + seq + " analyses of the plan", now);
        return;
      }
      case ROLL_BACK -> {
        rollBack(tx, c, "canary analysis", r.failureSummary(), r.failedChecks(), now);
        return;
      }
      case HOLD -> {
        c.intervalStartedAt = now;
        c.nextAnalysisAt = now.plus(c.settings.interval());
        LOG.infof(
            "canary %d: analysis %d failed (%d of %d): %s",
            c.id, seq, c.consecutiveFailures, c.settings.failureLimit(), r.failureSummary());
      }
      case WAIT -> {
        // the interval goes on collecting traffic at the same weight
        c.nextAnalysisAt = now.plus(c.settings.interval());
        LOG.infof(
            "canary %d: analysis %d inconclusive (%d of %d): %s",
            c.id,
            seq,
            c.consecutiveInconclusive,
            c.settings.maxInconclusive(),
            r.check(AnalysisResult.TRAFFIC).detail());
      }
      case PAUSE -> {
        c.state = CanaryState.PAUSED;
        c.nextAnalysisAt = null;
        c.pausedReason =
            c.consecutiveInconclusive
                + " analyses in a row without enough traffic ("
                + r.check(AnalysisResult.TRAFFIC).detail()
                + "); resume, promote or roll back";
        Map<String, Object> body = base(runOf(tx, c), c);
        body.put("weight", c.weight);
        body.put("reason", c.pausedReason);
        outbox.add(
            tx,
            new Notice(
                "canary_stalled",
                "Canary of " + c.modelVersion + " is paused: not enough traffic to judge it",
                body),
            now);
        LOG.warnf("canary %d paused: %s", c.id, c.pausedReason);
      }
    }
    c.updatedAt = now;
    store.update(tx, c);
  }

  /** All traffic to the canary: it becomes the stable version, the old one retires. */
  public void promote(Connection tx, Canary c, String by, String reason, Instant now)
      throws SQLException {
    PipelineRun run = runOf(tx, c);
    ModelVersion version = registry.find(tx, c.modelVersion).orElseThrow();
    Deployment candidate = deployments.byId(tx, c.deploymentId).orElseThrow();
    Map<String, Object> canary = new LinkedHashMap<>();
    canary.put("id", c.id);
    canary.put("promoted_by", by);
    canary.put("reason", reason);
    canary.put("analyses", store.analysisCount(tx, c.id));
    ImmediateTrafficSwitch.Switched s =
        immediate.switchTo(
            tx,
            run,
            version,
            candidate,
            "canary of " + c.modelVersion + " promoted by " + by + ": " + reason,
            Map.of("canary", canary),
            now);
    c.state = CanaryState.PROMOTED;
    c.step = c.settings.steps().size() - 1;
    c.weight = 1;
    c.nextAnalysisAt = null;
    c.pausedReason = null;
    c.endedAt = now;
    c.outcomeBy = by;
    c.outcomeReason = reason;
    c.policyVersion = s.policy().version();
    c.weights.add(new Canary.WeightChange(now.toString(), 1, "promoted"));
    c.updatedAt = now;
    store.update(tx, c);
    LOG.infof("canary %d: %s promoted by %s: %s", c.id, c.modelVersion, by, reason);
  }

  /**
   * Weight 0: the policy without the canary, its endpoint deleted (by the retirement sweep, right
   * away), the version marked rolled back, and an alert naming the failed checks.
   */
  public void rollBack(
      Connection tx, Canary c, String by, String reason, List<String> failedChecks, Instant now)
      throws SQLException {
    deployments.lockStage(tx, Stage.PROD);
    RoutingPolicy policy =
        writePolicy(tx, c, 0, "canary of " + c.modelVersion + " rolled back: " + reason, now);
    String note = "canary rolled back by " + by + ": " + reason;
    deployments.update(tx, c.deploymentId, DeploymentStatus.ROLLED_BACK, null, now, now, note);
    registry.markRolledBack(tx, c.modelVersion, note, now);
    c.state = CanaryState.ROLLED_BACK;
    c.weight = 0;
    c.nextAnalysisAt = null;
    c.pausedReason = null;
    c.endedAt = now;
    c.outcomeBy = by;
    c.outcomeReason = reason;
    c.failedChecks = new ArrayList<>(failedChecks);
    c.policyVersion = policy.version();
    c.weights.add(new Canary.WeightChange(now.toString(), 0, "rolled back"));
    c.updatedAt = now;
    store.update(tx, c);
    PipelineRun run = runOf(tx, c);
    Map<String, Object> body = base(run, c);
    body.put("canary", true);
    body.put("from_version", c.modelVersion);
    body.put("to_version", c.stableVersion);
    body.put("by", by);
    body.put("reason", reason);
    body.put("failed_checks", failedChecks);
    body.put("routing_policy_version", policy.version());
    outbox.add(
        tx,
        new Notice(
            "rolled_back",
            "Canary of "
                + c.modelVersion
                + " rolled back"
                + (failedChecks.isEmpty() ? "" : " (" + String.join(", ", failedChecks) + ")")
                + "; "
                + c.stableVersion
                + " serves "
                + run.dataset(),
            body),
        now);
    LOG.warnf("canary %d: %s rolled back by %s: %s", c.id, c.modelVersion, by, reason);
  }

  /** Holds the weight and stops the analysis. */
  public void pause(Connection tx, Canary c, String reason, Instant now) throws SQLException {
    if (c.state == CanaryState.PAUSED) {
      return;
    }
    c.state = CanaryState.PAUSED;
    c.nextAnalysisAt = null;
    c.pausedReason = reason;
    c.updatedAt = now;
    store.update(tx, c);
  }

  /** Analysis again, on a fresh interval (counters of inconclusive intervals start over). */
  public void resume(Connection tx, Canary c, Instant now) throws SQLException {
    if (c.state == CanaryState.RUNNING) {
      return;
    }
    c.state = CanaryState.RUNNING;
    c.pausedReason = null;
    c.consecutiveInconclusive = 0;
    c.intervalStartedAt = now;
    c.nextAnalysisAt = now.plus(c.settings.interval());
    c.updatedAt = now;
    store.update(tx, c);
  }

  /**
   * The interval's windows of both variants, merged and judged; without predictions (a fail-fast
   * look at the errors) the model checks are skipped.
   */
  AnalysisResult analyze(Connection tx, Canary c, Instant now, boolean withPredictions)
      throws SQLException {
    VariantStats canary =
        VariantStats.merge(
            windows.overlapping(tx, c.endpoint, CANARY, c.intervalStartedAt, now, withPredictions));
    VariantStats stable =
        VariantStats.merge(
            windows.overlapping(
                tx, c.stableEndpoint, STABLE, c.intervalStartedAt, now, withPredictions));
    return CanaryAnalysis.judge(canary, stable, c.settings);
  }

  private int record(
      Connection tx,
      Canary c,
      Instant now,
      CanaryDecision.Action action,
      boolean early,
      AnalysisResult r)
      throws SQLException {
    int seq = store.analysisCount(tx, c.id) + 1;
    store.addAnalysis(
        tx,
        c.id,
        new AnalysisRecord(seq, c.step, c.weight, c.intervalStartedAt, now, action, early, r));
    return seq;
  }

  private RoutingPolicy writePolicy(
      Connection tx, Canary c, double weight, String reason, Instant now) throws SQLException {
    ModelVersion stable = registry.find(tx, c.stableVersion).orElseThrow();
    RoutingPolicy.Target canaryTarget = null;
    if (weight > 0) {
      ModelVersion v = registry.find(tx, c.modelVersion).orElseThrow();
      canaryTarget = new RoutingPolicy.Target(c.endpoint, v.version(), v.schemaUri());
    }
    return policies.write(
        tx,
        new RoutingPolicy.Target(c.stableEndpoint, stable.version(), stable.schemaUri()),
        canaryTarget,
        weight,
        null,
        reason,
        now);
  }

  private PipelineRun runOf(Connection tx, Canary c) throws SQLException {
    return runs.find(tx, c.runId).orElseThrow();
  }

  private static Map<String, Object> base(PipelineRun run, Canary c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", run.id().toString());
    body.put("dataset", run.dataset());
    body.put("canary_id", c.id);
    body.put("model_version", c.modelVersion);
    body.put("endpoint", c.endpoint);
    body.put("stable_version", c.stableVersion);
    body.put("stable_endpoint", c.stableEndpoint);
    return body;
  }

  static String pct(double weight) {
    return String.format(Locale.ROOT, "%.0f %%", weight * 100);
  }
}
