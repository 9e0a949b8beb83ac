package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.orchestrator.deploy.Deployment;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.Promotion;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.deploy.TrafficSwitch;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/** Hands production traffic to the new prod endpoint through the {@link TrafficSwitch}. */
@ApplicationScoped
public class SwitchTrafficStep implements PipelineStep {

  private final TrafficSwitch trafficSwitch;
  private final DeploymentStore deployments;
  private final ModelRegistry registry;

  public SwitchTrafficStep(
      TrafficSwitch trafficSwitch, DeploymentStore deployments, ModelRegistry registry) {
    this.trafficSwitch = trafficSwitch;
    this.deployments = deployments;
    this.registry = registry;
  }

  @Override
  public StepName name() {
    return StepName.SWITCH_TRAFFIC;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    return trafficSwitch.advance(promotion(ctx));
  }

  @Override
  public void cancel(StepContext ctx) throws SQLException {
    trafficSwitch.cancel(promotion(ctx));
  }

  private Promotion promotion(StepContext ctx) throws SQLException {
    ModelVersion version = registry.find(ctx.tx(), ctx.run().modelVersion()).orElseThrow();
    Deployment candidate =
        deployments
            .byRun(ctx.tx(), ctx.run().id(), Stage.PROD)
            .orElseThrow(() -> new IllegalStateException("no prod deployment for the run"));
    return new Promotion(
        ctx.run(),
        ctx.step(),
        version,
        candidate,
        deployments.active(ctx.tx(), Stage.PROD),
        ctx.tx(),
        ctx.now());
  }
}
