package dev.mlops.orchestrator.deploy.rest;

import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.deploy.Deployment;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.ProdRollback;
import dev.mlops.orchestrator.deploy.RoutingPolicyWriter;
import dev.mlops.orchestrator.deploy.Stage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Deployments per stage, the routing policy, and the prod rollback. */
@Path("/admin/deployments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "deployments")
@SecurityRequirement(name = "bearer")
public class DeploymentResource {

  /** The body of a rollback. */
  public record RollbackRequest(String comment, String by) {}

  private final Db db;
  private final DeploymentStore deployments;
  private final ProdRollback rollback;
  private final RoutingPolicyWriter policies;

  public DeploymentResource(
      Db db, DeploymentStore deployments, ProdRollback rollback, RoutingPolicyWriter policies) {
    this.db = db;
    this.deployments = deployments;
    this.rollback = rollback;
    this.policies = policies;
  }

  @GET
  @Operation(summary = "What serves each stage now, the routing policy, and the history")
  public Map<String, Object> list(
      @QueryParam("stage") String stage, @QueryParam("limit") @DefaultValue("50") int limit) {
    Stage s;
    try {
      s = stage == null ? null : Stage.of(stage);
    } catch (IllegalArgumentException e) {
      throw OrchestratorException.invalid(e.getMessage());
    }
    if (limit < 1 || limit > 500) {
      throw OrchestratorException.invalid("limit must be between 1 and 500");
    }
    return db.tx(
        tx -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("dev", deployments.active(tx, Stage.DEV).orElse(null));
          out.put("prod", deployments.active(tx, Stage.PROD).orElse(null));
          out.put("routing_policy", policies.currentInStore().orElse(null));
          List<Deployment> history = deployments.history(tx, s, limit);
          out.put("history", history);
          return out;
        });
  }

  @POST
  @Path("/prod/rollback")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Put production back on the previous version (within the rollback window)")
  public ProdRollback.Result rollback(RollbackRequest request) {
    String by = request == null || request.by() == null ? "admin" : request.by();
    return rollback.rollback(by, request == null ? null : request.comment());
  }
}
