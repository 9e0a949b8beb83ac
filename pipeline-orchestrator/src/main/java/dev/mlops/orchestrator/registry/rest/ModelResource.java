package dev.mlops.orchestrator.registry.rest;

import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.registry.ApprovalStatus;
import dev.mlops.orchestrator.registry.ModelApprovals;
import dev.mlops.orchestrator.registry.ModelVersion;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The model registry. */
@Path("/admin/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
@SecurityRequirement(name = "bearer")
public class ModelResource {

  /**
   * An approval decision.
   *
   * @param comment why
   * @param by who decides (default: admin)
   */
  public record Decision(String comment, String by) {}

  private final ModelApprovals approvals;

  public ModelResource(ModelApprovals approvals) {
    this.approvals = approvals;
  }

  @GET
  @Operation(summary = "Model versions, newest first")
  public List<ModelVersion> list(
      @QueryParam("dataset") String dataset, @QueryParam("limit") @DefaultValue("50") int limit) {
    if (limit < 1 || limit > 500) {
      throw OrchestratorException.invalid("limit must be between 1 and 500");
    }
    return approvals.list(dataset, limit);
  }

  @GET
  @Path("/{version}")
  @Operation(summary = "A model version with lineage, metrics and approval")
  public ModelVersion get(@PathParam("version") String version) {
    return approvals.get(version);
  }

  @POST
  @Path("/{version}/approve")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Approve a version for production (its waiting run deploys it)")
  public ModelVersion approve(@PathParam("version") String version, Decision decision) {
    return decide(version, ApprovalStatus.APPROVED, decision);
  }

  @POST
  @Path("/{version}/reject")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Reject a version (its waiting run ends rejected)")
  public ModelVersion reject(@PathParam("version") String version, Decision decision) {
    return decide(version, ApprovalStatus.REJECTED, decision);
  }

  private ModelVersion decide(String version, ApprovalStatus status, Decision decision) {
    String by =
        decision == null || decision.by() == null || decision.by().isBlank()
            ? "admin"
            : decision.by();
    String comment = decision == null ? null : decision.comment();
    return approvals.decide(version, status, by, comment);
  }
}
