package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/** The dev endpoint {@code <project>-dev-<version>}, smoke tested. */
@ApplicationScoped
public class DeployDevStep implements PipelineStep {

  private final EndpointRollout rollout;

  public DeployDevStep(EndpointRollout rollout) {
    this.rollout = rollout;
  }

  @Override
  public StepName name() {
    return StepName.DEPLOY_DEV;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    return rollout.advance(ctx, Stage.DEV);
  }

  @Override
  public void cancel(StepContext ctx) throws SQLException {
    rollout.cancel(ctx, Stage.DEV);
  }
}
