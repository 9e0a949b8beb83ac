package dev.mlops.orchestrator.deploy;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Autoscaling of prod endpoints as configured: registered once an endpoint is in service,
 * deregistered before it is deleted (AWS asks for that order), and so the one place any stage's
 * endpoint is deleted ({@link #deleteEndpoint}). Autoscaling is off when {@code
 * mlops.autoscaling.enabled} is false. Created at start-up, so that settings Application Auto
 * Scaling would refuse stop the start with the key to fix, not every prod deployment later.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class ProdScaling {

  private final EndpointAutoscaling autoscaling;
  private final Endpoints endpoints;
  private final OrchestratorConfig config;

  public ProdScaling(
      EndpointAutoscaling autoscaling, Endpoints endpoints, OrchestratorConfig config) {
    this.autoscaling = autoscaling;
    this.endpoints = endpoints;
    this.config = config;
    if (config.autoscaling().enabled()) {
      check(config.autoscaling());
    }
  }

  private static void check(OrchestratorConfig.Autoscaling a) {
    if (a.minCapacity() < 1) {
      throw new IllegalArgumentException(
          "mlops.autoscaling.min-capacity must be at least 1 (a prod endpoint keeps one instance),"
              + " not "
              + a.minCapacity());
    }
    if (a.maxCapacity() < a.minCapacity()) {
      throw new IllegalArgumentException(
          "mlops.autoscaling.max-capacity ("
              + a.maxCapacity()
              + ") must be at least mlops.autoscaling.min-capacity ("
              + a.minCapacity()
              + ")");
    }
    if (!(a.targetInvocationsPerInstance() > 0)
        || Double.isInfinite(a.targetInvocationsPerInstance())) {
      throw new IllegalArgumentException(
          "mlops.autoscaling.target-invocations-per-instance must be a positive number, not "
              + a.targetInvocationsPerInstance());
    }
    if (a.scaleInCooldown().isNegative() || a.scaleOutCooldown().isNegative()) {
      throw new IllegalArgumentException(
          "mlops.autoscaling.scale-in-cooldown and scale-out-cooldown must not be negative");
    }
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
