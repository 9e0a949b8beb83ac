package dev.mlops.orchestrator.deploy;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.notify.Notice;
import dev.mlops.orchestrator.notify.Outbox;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts production traffic back on the previous prod endpoint, which is possible while that endpoint
 * is inside its rollback window (not deleted yet).
 */
@ApplicationScoped
public class ProdRollback {

  /** What a rollback did. */
  public record Result(String from, String to, String endpoint, long policyVersion) {}

  private final Db db;
  private final DeploymentStore deployments;
  private final ModelRegistry registry;
  private final RoutingPolicyWriter policies;
  private final Endpoints endpoints;
  private final Outbox outbox;
  private final CanaryTraffic canary;

  public ProdRollback(
      Db db,
      DeploymentStore deployments,
      ModelRegistry registry,
      RoutingPolicyWriter policies,
      Endpoints endpoints,
      Outbox outbox,
      CanaryTraffic canary) {
    this.db = db;
    this.deployments = deployments;
    this.registry = registry;
    this.policies = policies;
    this.endpoints = endpoints;
    this.outbox = outbox;
    this.canary = canary;
  }

  public Result rollback(String by, String comment) {
    // a canary takes the stage's locks in the order run, stage: roll it back on its own path
    Optional<Result> canaryRollback = canary.rollBackActive(by, comment);
    if (canaryRollback.isPresent()) {
      return canaryRollback.get();
    }
    return db.tx(
        tx -> {
          Instant now = Instant.now();
          deployments.lockStage(tx, Stage.PROD);
          Deployment current =
              deployments
                  .active(tx, Stage.PROD)
                  .orElseThrow(
                      () ->
                          OrchestratorException.conflict("nothing is in production to roll back"));
          if (canary.sharesProduction(tx)) {
            throw OrchestratorException.conflict(
                "a canary started meanwhile; call the rollback again to roll it back");
          }
          Deployment previous = null;
          for (Deployment d : deployments.withStatus(tx, Stage.PROD, DeploymentStatus.RETIRING)) {
            if (!d.modelVersion().equals(current.modelVersion())
                && endpoints.describe(d.endpoint()).status() == Endpoints.Status.IN_SERVICE) {
              previous = d;
              break;
            }
          }
          if (previous == null) {
            throw OrchestratorException.conflict(
                "no previous prod endpoint is left (the rollback window is over or there was no"
                    + " earlier version); approve an earlier version's run again instead");
          }
          ModelVersion version = registry.find(tx, previous.modelVersion()).orElseThrow();
          RoutingPolicy policy =
              policies.write(
                  tx,
                  new RoutingPolicy.Target(
                      previous.endpoint(), version.version(), version.schemaUri()),
                  null,
                  0,
                  null,
                  "rollback from " + current.modelVersion() + " to " + previous.modelVersion(),
                  now);
          String note = "rolled back to " + previous.modelVersion() + " by " + by;
          if (comment != null && !comment.isBlank()) {
            note += ": " + comment;
          }
          registry.markRolledBack(tx, current.modelVersion(), note, now);
          deployments.update(tx, current.id(), DeploymentStatus.RETIRING, null, now, now, note);
          deployments.update(
              tx,
              previous.id(),
              DeploymentStatus.ACTIVE,
              now,
              null,
              null,
              "re-activated by a rollback from " + current.modelVersion());
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("from_version", current.modelVersion());
          body.put("to_version", previous.modelVersion());
          body.put("endpoint", previous.endpoint());
          body.put("by", by);
          body.put("comment", comment);
          body.put("routing_policy_version", policy.version());
          outbox.add(
              tx,
              new Notice(
                  "rolled_back",
                  "Production rolled back from "
                      + current.modelVersion()
                      + " to "
                      + previous.modelVersion(),
                  body),
              now);
          return new Result(
              current.modelVersion(),
              previous.modelVersion(),
              previous.endpoint(),
              policy.version());
        });
  }
}
