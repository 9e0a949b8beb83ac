package dev.mlops.orchestrator.deploy;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Autoscaling of prod endpoints as configured: registered once an endpoint is in service,
 * deregistered before it is deleted (AWS asks for that order), and so the one place any stage's
 * endpoint is deleted ({@link #deleteEndpoint}). Autoscaling is off when {@code
 * mlops.autoscaling.enabled} is false, as locally, where there is no Application Auto Scaling.
 */
@ApplicationScoped
public class ProdScaling {

  private final EndpointAutoscaling autoscaling;
  private final Endpoints endpoints;
  private final OrchestratorConfig config;

  public ProdScaling(
      EndpointAutoscaling autoscaling, Endpoints endpoints, OrchestratorConfig config) {
    this.autoscaling = autoscaling;
    this.endpoints = endpoints;
    this.config = config;
  }

  public boolean enabled() {
    return config.autoscaling().enabled();
  }

  /** The target a prod endpoint gets. */
  public EndpointAutoscaling.Target target(String endpoint) {
    OrchestratorConfig.Autoscaling a = config.autoscaling();
    return new EndpointAutoscaling.Target(
        endpoint,
        Endpoints.VARIANT,
        a.minCapacity(),
        a.maxCapacity(),
        a.targetInvocationsPerInstance(),
        a.scaleInCooldown(),
        a.scaleOutCooldown());
  }

  public void register(String endpoint) {
    if (enabled()) {
      autoscaling.register(target(endpoint));
    }
  }

  public void deregister(String endpoint) {
    if (enabled()) {
      autoscaling.deregister(endpoint, Endpoints.VARIANT);
    }
  }

  /**
   * Deletes a deployment's endpoint, deregistering a prod one from autoscaling first: every path
   * that deletes an endpoint (retirement, failure, cancellation) goes through here, so none
   * forgets.
   */
  public void deleteEndpoint(Stage stage, String endpoint) {
    if (stage == Stage.PROD) {
      deregister(endpoint);
    }
    endpoints.delete(endpoint);
  }
}
