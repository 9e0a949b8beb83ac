package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Waits for a person to approve or reject the model version for production. */
@ApplicationScoped
public class ApprovalStep implements PipelineStep {

  private final ModelRegistry registry;

  public ApprovalStep(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  public StepName name() {
    return StepName.APPROVAL;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    ModelVersion v =
        registry
            .find(ctx.tx(), ctx.run().modelVersion())
            .orElseThrow(() -> new IllegalStateException("run has no registered model version"));
    return switch (v.approvalStatus()) {
      case PENDING_MANUAL_APPROVAL ->
          new StepOutcome.AwaitingApproval(Map.of("model_version", v.version()));
      case APPROVED -> {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("approved_by", String.valueOf(v.approvalBy()));
        if (v.approvalComment() != null) {
          outputs.put("comment", v.approvalComment());
        }
        yield new StepOutcome.Done(null, outputs, Map.of(), false);
      }
      case REJECTED ->
          new StepOutcome.Rejected(
              v.version()
                  + " rejected by "
                  + v.approvalBy()
                  + (v.approvalComment() == null ? "" : ": " + v.approvalComment()));
    };
  }
}
