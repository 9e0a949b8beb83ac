package dev.mlops.orchestrator.deploy;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.notify.Notice;
import dev.mlops.orchestrator.notify.Outbox;
import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All traffic to the new endpoint in one routing policy write; the previous prod endpoint is kept
 * for the rollback window. The canary uses it for the very first prod deployment (nothing to
 * compare with), and for its promotion. Typed to its class so that the canary is the one {@link
 * TrafficSwitch} bean.
 */
@ApplicationScoped
@Typed(ImmediateTrafficSwitch.class)
public class ImmediateTrafficSwitch implements TrafficSwitch {

  /** What a switch did. */
  public record Switched(RoutingPolicy policy, String replacedVersion) {}

  private final RoutingPolicyWriter policies;
  private final DeploymentStore deployments;
  private final Outbox outbox;
  private final OrchestratorConfig config;

  public ImmediateTrafficSwitch(
      RoutingPolicyWriter policies,
      DeploymentStore deployments,
      Outbox outbox,
      OrchestratorConfig config) {
    this.policies = policies;
    this.deployments = deployments;
    this.outbox = outbox;
    this.config = config;
  }

  @Override
  public StepOutcome advance(Promotion p) throws SQLException {
    Switched s =
        switchTo(
            p.tx(),
            p.run(),
            p.version(),
            p.candidate(),
            "run " + p.run().shortId() + " switched production to " + p.version().version(),
            Map.of(),
            p.now());
    return done(p.candidate(), s);
  }

  /** The step's outcome after a switch. */
  public static StepOutcome done(Deployment candidate, Switched s) {
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("endpoint", candidate.endpoint());
    outputs.put("routing_policy_version", Long.toString(s.policy().version()));
    if (s.replacedVersion() != null) {
      outputs.put("replaced_version", s.replacedVersion());
    }
    return new StepOutcome.Done(null, outputs, Map.of(), false);
  }

  /**
   * Writes the policy with the candidate as the only target, retires every other active prod
   * deployment (kept for the rollback window) and announces {@code deployed}.
   *
   * @param extra more fields of the notice (the canary's summary)
   */
  public Switched switchTo(
      Connection tx,
      PipelineRun run,
      ModelVersion version,
      Deployment candidate,
      String reason,
      Map<String, Object> extra,
      Instant now)
      throws SQLException {
    deployments.lockStage(tx, Stage.PROD);
    RoutingPolicy policy =
        policies.write(
            tx,
            new RoutingPolicy.Target(candidate.endpoint(), version.version(), version.schemaUri()),
            null,
            0,
            null,
            reason,
            now);
    String replaced = null;
    for (Deployment active : deployments.withStatus(tx, Stage.PROD, DeploymentStatus.ACTIVE)) {
      if (active.id() != candidate.id()) {
        deployments.update(
            tx,
            active.id(),
            DeploymentStatus.RETIRING,
            null,
            now.plus(config.deploy().rollbackWindow()),
            now,
            "replaced by " + version.version());
        replaced = active.modelVersion();
      }
    }
    deployments.update(tx, candidate.id(), DeploymentStatus.ACTIVE, now, null, null, null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", run.id().toString());
    body.put("dataset", run.dataset());
    body.put("model_version", version.version());
    body.put("endpoint", candidate.endpoint());
    body.put("stage", "prod");
    body.put("previous_version", replaced);
    body.put("routing_policy_version", policy.version());
    body.putAll(extra);
    outbox.add(
        tx,
        new Notice(
            "deployed",
            "Model " + version.version() + " of " + run.dataset() + " is in production",
            body),
        now);
    return new Switched(policy, replaced);
  }
}
