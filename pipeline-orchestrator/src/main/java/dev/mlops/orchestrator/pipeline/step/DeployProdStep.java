package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/**
 * A new prod endpoint {@code <project>-prod-<version>} with data capture, smoke tested; it takes no
 * traffic until the traffic switch.
 */
@ApplicationScoped
public class DeployProdStep implements PipelineStep {

  private final EndpointRollout rollout;

  public DeployProdStep(EndpointRollout rollout) {
    this.rollout = rollout;
  }

  @Override
  public StepName name() {
    return StepName.DEPLOY_PROD;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    return rollout.advance(ctx, Stage.PROD);
  }

  @Override
  public void cancel(StepContext ctx) throws SQLException {
    rollout.cancel(ctx, Stage.PROD);
  }
}
