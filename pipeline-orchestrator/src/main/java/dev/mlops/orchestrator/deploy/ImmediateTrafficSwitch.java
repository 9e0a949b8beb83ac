package dev.mlops.orchestrator.deploy;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.notify.Notice;
import dev.mlops.orchestrator.notify.Outbox;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All traffic to the new endpoint in one routing policy write; the previous prod endpoint is kept
 * for the rollback window.
 */
@ApplicationScoped
@DefaultBean
public class ImmediateTrafficSwitch implements TrafficSwitch {

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
    deployments.lockStage(p.tx(), Stage.PROD);
    Deployment candidate = p.candidate();
    RoutingPolicy policy =
        policies.write(
            p.tx(),
            new RoutingPolicy.Target(
                candidate.endpoint(), p.version().version(), p.version().schemaUri()),
            null,
            0,
            null,
            "run " + p.run().shortId() + " switched production to " + p.version().version(),
            p.now());
    String replaced = null;
    for (Deployment active : deployments.withStatus(p.tx(), Stage.PROD, DeploymentStatus.ACTIVE)) {
      if (active.id() != candidate.id()) {
        deployments.update(
            p.tx(),
            active.id(),
            DeploymentStatus.RETIRING,
            null,
            p.now().plus(config.deploy().rollbackWindow()),
            p.now(),
            "replaced by " + p.version().version());
        replaced = active.modelVersion();
      }
    }
    deployments.update(p.tx(), candidate.id(), DeploymentStatus.ACTIVE, p.now(), null, null, null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", p.run().id().toString());
    body.put("dataset", p.run().dataset());
    body.put("model_version", p.version().version());
    body.put("endpoint", candidate.endpoint());
    body.put("stage", "prod");
    body.put("previous_version", replaced);
    body.put("routing_policy_version", policy.version());
    outbox.add(
        p.tx(),
        new Notice(
            "deployed",
            "Model " + p.version().version() + " of " + p.run().dataset() + " is in production",
            body),
        p.now());
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("endpoint", candidate.endpoint());
    outputs.put("routing_policy_version", Long.toString(policy.version()));
    if (replaced != null) {
      outputs.put("replaced_version", replaced);
    }
    return new StepOutcome.Done(null, outputs, Map.of(), false);
  }
}
