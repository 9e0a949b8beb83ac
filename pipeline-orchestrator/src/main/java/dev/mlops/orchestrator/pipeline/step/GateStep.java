package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.orchestrator.db.Jsonb;
import dev.mlops.orchestrator.deploy.Deployment;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.EvaluationGate;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Judges the evaluation: threshold, and no worse than production (of the same dataset). */
@ApplicationScoped
public class GateStep implements PipelineStep {

  private final DeploymentStore deployments;
  private final ModelRegistry registry;

  public GateStep(DeploymentStore deployments, ModelRegistry registry) {
    this.deployments = deployments;
    this.registry = registry;
  }

  @Override
  public StepName name() {
    return StepName.GATE;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Jsonb.objects(ctx.output(StepName.EVALUATE, "metrics"))
        .forEach((k, v) -> metrics.put(k.toLowerCase(Locale.ROOT), ((Number) v).doubleValue()));
    String metric = ctx.run().gate().metric().toLowerCase(Locale.ROOT);
    OptionalDouble production = OptionalDouble.empty();
    String productionVersion = null;
    Optional<Deployment> prod = deployments.active(ctx.tx(), Stage.PROD);
    if (prod.isPresent()) {
      Optional<ModelVersion> v = registry.find(ctx.tx(), prod.get().modelVersion());
      if (v.isPresent()
          && v.get().dataset().equals(ctx.run().dataset())
          && v.get().metrics().get(metric) != null) {
        production = OptionalDouble.of(v.get().metrics().get(metric));
        productionVersion = v.get().version();
      }
    }
    EvaluationGate.Verdict verdict = EvaluationGate.judge(ctx.run().gate(), metrics, production);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("metric", metric);
    detail.put("value", metrics.get(metric));
    detail.put("threshold", ctx.run().gate().threshold());
    detail.put("margin", ctx.run().gate().margin());
    if (productionVersion != null) {
      detail.put("production_version", productionVersion);
      detail.put("production_value", production.getAsDouble());
    }
    detail.put("verdict", verdict.reason());
    if (!verdict.passed()) {
      return new StepOutcome.Failed(null, verdict.reason(), detail);
    }
    return new StepOutcome.Done(null, Map.of("verdict", verdict.reason()), detail, false);
  }
}
