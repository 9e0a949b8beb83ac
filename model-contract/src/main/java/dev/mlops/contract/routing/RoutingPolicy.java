package dev.mlops.contract.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.util.Objects;

/**
 * Where the inference gateway sends traffic. The orchestrator writes it as a small JSON object in
 * S3 ({@code routing/policy.json} in the artifacts bucket); gateways re-read it with a short TTL,
 * so they need no database.
 *
 * @param version increases with every change; a gateway never goes back to an older version
 * @param stable the endpoint that takes the traffic the canary does not
 * @param canary optional endpoint receiving {@code canaryWeight} of the traffic
 * @param canaryWeight share of requests for the canary, 0 to 1
 * @param shadow optional endpoint that receives an asynchronous copy; its answers are recorded,
 *     never returned
 * @param stickyHeader optional request header whose value pins a caller to one variant
 * @param updatedAt ISO-8601 instant of the change
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingPolicy(
    @JsonProperty("version") long version,
    @JsonProperty("stable") Target stable,
    @JsonProperty("canary") Target canary,
    @JsonProperty("canary_weight") double canaryWeight,
    @JsonProperty("shadow") Target shadow,
    @JsonProperty("sticky_header") String stickyHeader,
    @JsonProperty("updated_at") String updatedAt) {

  /** The S3 key of the policy in the artifacts bucket. */
  public static final String KEY = "routing/policy.json";

  /**
   * @param endpoint SageMaker endpoint name
   * @param modelVersion the registry version it serves
   * @param schemaUri where the model's schema is (S3 URI), for request validation
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Target(
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("model_version") String modelVersion,
      @JsonProperty("schema_uri") String schemaUri) {
    public Target {
      Objects.requireNonNull(endpoint, "endpoint");
    }
  }

  public RoutingPolicy {
    if (canaryWeight < 0 || canaryWeight > 1) {
      throw new IllegalArgumentException("canary_weight must be between 0 and 1");
    }
    if (canary == null && canaryWeight > 0) {
      throw new IllegalArgumentException("canary_weight is set but there is no canary");
    }
  }

  public static RoutingPolicy parse(byte[] json) {
    return Json.read(json, RoutingPolicy.class);
  }

  public byte[] toJson() {
    return Json.bytes(this);
  }
}
