package dev.mlops.gateway.model.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.gateway.model.ModelCatalog;
import dev.mlops.gateway.routing.RoutingTable;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/model}: what is deployed, and the schema a request must follow. */
@Path("/v1/model")
public class ModelResource {

  /**
   * @param version registry version of the stable model
   * @param deployedAt when its endpoint was created (its manifest), else when the policy changed
   * @param policyVersion the routing policy version in force
   * @param schema the dataset schema requests are checked against
   * @param canary the canary's version and traffic share, when one runs
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeployedModelView(
      @JsonProperty("version") String version,
      @JsonProperty("deployed_at") String deployedAt,
      @JsonProperty("policy_version") long policyVersion,
      @JsonProperty("schema") DatasetSchema schema,
      @JsonProperty("canary") CanaryView canary) {}

  /**
   * @param version registry version of the canary model
   * @param weight share of requests it receives
   */
  public record CanaryView(
      @JsonProperty("version") String version, @JsonProperty("weight") double weight) {}

  private final RoutingTable routing;
  private final ModelCatalog models;

  @Inject
  public ModelResource(RoutingTable routing, ModelCatalog models) {
    this.routing = routing;
    this.models = models;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The deployed model",
      description = "Version, schema (the features a request must give) and deployment time.")
  public DeployedModelView model() {
    RoutingPolicy policy = routing.current();
    RoutingPolicy.Target stable = policy.stable();
    DatasetSchema schema = models.model(stable).schema();
    String deployedAt =
        models
            .manifest(stable.endpoint())
            .map(EndpointManifest::createdAt)
            .orElse(policy.updatedAt());
    CanaryView canary =
        policy.canary() == null || policy.canaryWeight() == 0
            ? null
            : new CanaryView(policy.canary().modelVersion(), policy.canaryWeight());
    return new DeployedModelView(
        stable.modelVersion(), deployedAt, policy.version(), schema, canary);
  }
}
