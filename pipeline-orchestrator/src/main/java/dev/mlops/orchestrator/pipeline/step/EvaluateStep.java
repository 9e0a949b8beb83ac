package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.contract.evaluation.EvaluationReport;
import dev.mlops.contract.json.Json;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.db.Jsonb;
import dev.mlops.orchestrator.pipeline.ModelJobs;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepCache;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.storage.ObjectStore;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scores the model on the test split (a Processing job running {@code evaluate}). */
@ApplicationScoped
public class EvaluateStep implements PipelineStep {

  private static final String ROOT = "/opt/ml/processing";

  private final ModelJobs jobs;
  private final ObjectStore store;
  private final StepCache cache;
  private final OrchestratorConfig config;

  public EvaluateStep(
      ModelJobs jobs, ObjectStore store, StepCache cache, OrchestratorConfig config) {
    this.jobs = jobs;
    this.store = store;
    this.cache = cache;
    this.config = config;
  }

  @Override
  public StepName name() {
    return StepName.EVALUATE;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    String job = ctx.jobName();
    S3Uri out = ArtifactLayout.stepPrefix(config.buckets().artifacts(), ctx);
    ModelJobs.JobState state = jobs.describeProcessing(job);
    return switch (state.status()) {
      case NOT_FOUND -> {
        String key =
            StepCache.key(
                name(),
                Map.of(
                    "train", ctx.output(StepName.TRAIN, "cache_key"),
                    "image", ctx.run().image()));
        Optional<StepCache.Hit> hit = cache.find(ctx.tx(), key, ctx.now());
        if (hit.isPresent()) {
          Map<String, String> outputs = new LinkedHashMap<>(hit.get().outputs());
          outputs.put("cache_key", key);
          yield new StepOutcome.Done(
              null, outputs, Map.of("cached_from_run", hit.get().runId().toString()), true);
        }
        jobs.startProcessing(
            new ModelJobs.ProcessingJob(
                job,
                ctx.run().image(),
                config.training().roleArn(),
                List.of("evaluate"),
                List.of(
                    new ModelJobs.Input(
                        "model", ctx.output(StepName.TRAIN, "model"), ROOT + "/input/model"),
                    new ModelJobs.Input(
                        "test", ctx.output(StepName.PREPROCESS, "test"), ROOT + "/input/test")),
                List.of(
                    new ModelJobs.Output(
                        "evaluation", out.resolve("evaluation/").toString(), ROOT + "/evaluation")),
                new ModelJobs.Resources(
                    config.processing().instanceType(),
                    config.processing().instanceCount(),
                    config.processing().volumeSizeGb(),
                    config.processing().maxRuntime())));
        yield new StepOutcome.InProgress(
            job, config.reconcile().pollInterval(), Map.of("cache_key", key));
      }
      case IN_PROGRESS, STOPPING -> StepOutcome.inProgress(job, config.reconcile().pollInterval());
      case COMPLETED -> {
        S3Uri evaluation = out.resolve("evaluation/" + EvaluationReport.FILE_NAME);
        Optional<byte[]> body = store.get(evaluation);
        if (body.isEmpty()) {
          yield StepOutcome.failed(job, "the evaluation job wrote no " + evaluation);
        }
        EvaluationReport report;
        try {
          report = Json.read(body.get(), EvaluationReport.class);
        } catch (RuntimeException e) {
          yield StepOutcome.failed(job, "unreadable " + evaluation + ": " + e.getMessage());
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("evaluation", evaluation.toString());
        outputs.put("metrics", Jsonb.write(report.metrics()));
        Object key = ctx.step().detail().get("cache_key");
        if (key != null) {
          outputs.put("cache_key", key.toString());
          cache.put(ctx.tx(), key.toString(), name(), ctx.run().id(), outputs, ctx.now());
        }
        yield new StepOutcome.Done(job, outputs, Map.of("metrics", report.metrics()), false);
      }
      case FAILED, STOPPED ->
          StepOutcome.failed(
              job,
              state.failureReason() != null
                  ? state.failureReason()
                  : "evaluation job " + job + " " + state.status().name().toLowerCase());
    };
  }

  @Override
  public void cancel(StepContext ctx) {
    jobs.stopProcessing(ctx.jobName());
  }
}
