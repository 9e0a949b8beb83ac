package dev.mlops.gateway.routing.health;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.gateway.routing.RoutingTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready unless the routing policy store cannot be read and no policy is held. Having no policy
 * because nothing is deployed yet is ready (the gateway answers 503 "no model deployed", which is
 * the truth), so that a local stack can start the gateway before the first deployment.
 */
@Readiness
@ApplicationScoped
public class RoutingReadiness implements HealthCheck {

  @Inject RoutingTable routing;

  @Override
  public HealthCheckResponse call() {
    RoutingPolicy held = routing.held();
    String problem = routing.lastProblem();
    HealthCheckResponseBuilder r = HealthCheckResponse.named("routing-policy");
    if (held != null) {
      r.withData("policy_version", held.version()).withData("stable", held.stable().endpoint());
      if (held.canary() != null) {
        r.withData("canary", held.canary().endpoint())
            .withData("canary_weight", String.valueOf(held.canaryWeight()));
      }
    } else {
      r.withData("policy_version", "none");
    }
    if (problem != null) {
      r.withData("problem", problem);
    }
    return r.status(held != null || problem == null).build();
  }
}
