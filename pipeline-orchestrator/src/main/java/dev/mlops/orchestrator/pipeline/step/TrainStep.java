package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.db.Jsonb;
import dev.mlops.orchestrator.pipeline.ModelJobs;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepCache;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Trains the model (a SageMaker Training job): the run's hyperparameters over the defaults. */
@ApplicationScoped
public class TrainStep implements PipelineStep {

  private final ModelJobs jobs;
  private final StepCache cache;
  private final OrchestratorConfig config;

  public TrainStep(ModelJobs jobs, StepCache cache, OrchestratorConfig config) {
    this.jobs = jobs;
    this.cache = cache;
    this.config = config;
  }

  @Override
  public StepName name() {
    return StepName.TRAIN;
  }

  /** The hyperparameters a run trains with: the configured defaults, overridden by the run's. */
  public static Map<String, String> hyperparameters(
      Map<String, String> defaults, Map<String, String> run) {
    Map<String, String> hp = new TreeMap<>(defaults);
    hp.putAll(run);
    return hp;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    String job = ctx.jobName();
    ModelJobs.JobState state = jobs.describeTraining(job);
    Map<String, String> hp =
        hyperparameters(config.training().hyperparameters(), ctx.run().hyperparameters());
    return switch (state.status()) {
      case NOT_FOUND -> {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("preprocess", ctx.output(StepName.PREPROCESS, "cache_key"));
        parts.put("image", ctx.run().image());
        parts.put("hyperparameters", Jsonb.write(hp));
        String key = StepCache.key(name(), parts);
        Optional<StepCache.Hit> hit = cache.find(ctx.tx(), key, ctx.now());
        if (hit.isPresent()) {
          Map<String, String> outputs = new LinkedHashMap<>(hit.get().outputs());
          outputs.put("cache_key", key);
          yield new StepOutcome.Done(
              null, outputs, Map.of("cached_from_run", hit.get().runId().toString()), true);
        }
        Map<String, String> channels = new LinkedHashMap<>();
        for (String channel : new String[] {"train", "validation", "schema", "baseline"}) {
          channels.put(channel, ctx.output(StepName.PREPROCESS, channel));
        }
        S3Uri out = ArtifactLayout.stepPrefix(config.buckets().artifacts(), ctx);
        jobs.startTraining(
            new ModelJobs.TrainingJob(
                job,
                ctx.run().image(),
                config.training().roleArn(),
                hp,
                channels,
                out.toString(),
                new ModelJobs.Resources(
                    config.training().instanceType(),
                    config.training().instanceCount(),
                    config.training().volumeSizeGb(),
                    config.training().maxRuntime())));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("cache_key", key);
        detail.put("hyperparameters", hp);
        yield new StepOutcome.InProgress(job, config.reconcile().pollInterval(), detail);
      }
      case IN_PROGRESS, STOPPING -> StepOutcome.inProgress(job, config.reconcile().pollInterval());
      case COMPLETED -> {
        if (state.modelArtifactUri() == null) {
          yield StepOutcome.failed(job, "the training job completed without a model artifact");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("model", state.modelArtifactUri());
        outputs.put("hyperparameters", Jsonb.write(hp));
        Object key = ctx.step().detail().get("cache_key");
        if (key != null) {
          outputs.put("cache_key", key.toString());
          cache.put(ctx.tx(), key.toString(), name(), ctx.run().id(), outputs, ctx.now());
        }
        yield new StepOutcome.Done(job, outputs, Map.of(), false);
      }
      case FAILED, STOPPED ->
          StepOutcome.failed(
              job,
              state.failureReason() != null
                  ? state.failureReason()
                  : "training job " + job + " " + state.status().name().toLowerCase());
    };
  }

  @Override
  public void cancel(StepContext ctx) {
    jobs.stopTraining(ctx.jobName());
  }
}
