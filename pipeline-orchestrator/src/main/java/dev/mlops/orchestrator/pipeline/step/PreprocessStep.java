package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.contract.json.Json;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.ValidationReport;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.pipeline.ModelJobs;
import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepCache;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.storage.ObjectStore;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validates the dataset against its schema, splits it and computes the baseline (a SageMaker
 * Processing job running the container's {@code preprocess}).
 */
@ApplicationScoped
public class PreprocessStep implements PipelineStep {

  static final String[] OUTPUTS = {"train", "validation", "test", "baseline", "schema", "report"};
  private static final String ROOT = "/opt/ml/processing";

  private final ModelJobs jobs;
  private final ObjectStore store;
  private final StepCache cache;
  private final OrchestratorConfig config;

  public PreprocessStep(
      ModelJobs jobs, ObjectStore store, StepCache cache, OrchestratorConfig config) {
    this.jobs = jobs;
    this.store = store;
    this.cache = cache;
    this.config = config;
  }

  @Override
  public StepName name() {
    return StepName.PREPROCESS;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    String job = ctx.jobName();
    ModelJobs.JobState state = jobs.describeProcessing(job);
    S3Uri out = ArtifactLayout.stepPrefix(config.buckets().artifacts(), ctx);
    return switch (state.status()) {
      case NOT_FOUND -> start(ctx, job, out);
      case IN_PROGRESS, STOPPING -> StepOutcome.inProgress(job, config.reconcile().pollInterval());
      case COMPLETED -> {
        Map<String, String> outputs = outputs(out);
        outputs.putAll(carried(ctx));
        String key = (String) ctx.step().detail().get("cache_key");
        if (key != null) {
          outputs.put("cache_key", key);
          cache.put(ctx.tx(), key, name(), ctx.run().id(), outputs, ctx.now());
        }
        yield new StepOutcome.Done(job, outputs, Map.of(), false);
      }
      case FAILED, STOPPED -> failed(job, state, out);
    };
  }

  private StepOutcome start(StepContext ctx, String job, S3Uri out) throws SQLException {
    PipelineRun run = ctx.run();
    S3Uri data;
    try {
      data = S3Uri.parse(run.datasetUri());
    } catch (IllegalArgumentException e) {
      return StepOutcome.failed(null, e.getMessage());
    }
    List<ObjectStore.StoredObject> csvs = new ArrayList<>();
    if (data.isPrefix()) {
      for (ObjectStore.StoredObject o : store.list(data)) {
        if (o.uri().key().endsWith(".csv")) {
          csvs.add(o);
        }
      }
    } else {
      store.head(data).ifPresent(csvs::add);
    }
    if (csvs.isEmpty()) {
      return StepOutcome.failed(null, "no CSV data at " + data);
    }
    // the schema: from the request, else schema.json next to the data, else inferred from a target
    String schemaUri = null;
    String schemaTag;
    if (run.schemaJson() != null) {
      try {
        DatasetSchema.parse(run.schemaJson().getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        return StepOutcome.failed(
            null, "the schema given with the run is invalid: " + e.getMessage());
      }
      S3Uri given = ArtifactLayout.runInput(config.buckets().artifacts(), ctx, "schema.json");
      store.put(given, run.schemaJson().getBytes(StandardCharsets.UTF_8), "application/json");
      schemaUri = given.toString();
      schemaTag = sha256(run.schemaJson());
    } else {
      S3Uri next = data.folder().resolve("schema.json");
      Optional<ObjectStore.StoredObject> found = store.head(next);
      if (found.isPresent()) {
        schemaUri = next.toString();
        schemaTag = found.get().eTag();
      } else if (run.target() != null) {
        schemaTag = "inferred:" + run.target();
      } else {
        return StepOutcome.failed(
            null,
            "no schema: put schema.json next to the data ("
                + next
                + ") or give a schema or a target with the run");
      }
    }
    StringBuilder content = new StringBuilder();
    for (ObjectStore.StoredObject o : csvs) {
      content
          .append(o.uri().key())
          .append(' ')
          .append(o.eTag())
          .append(' ')
          .append(o.size())
          .append('\n');
    }
    String datasetHash = "sha256:" + sha256(content.toString());
    ctx.updateRun(run.withDatasetHash(datasetHash));

    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("dataset", datasetHash);
    parts.put("schema", schemaTag);
    parts.put("image", run.image());
    parts.put("validation_fraction", Double.toString(config.processing().validationFraction()));
    parts.put("test_fraction", Double.toString(config.processing().testFraction()));
    parts.put("seed", Long.toString(config.processing().seed()));
    String key = StepCache.key(name(), parts);
    Optional<StepCache.Hit> hit = cache.find(ctx.tx(), key, ctx.now());
    if (hit.isPresent()) {
      Map<String, String> outputs = new LinkedHashMap<>(hit.get().outputs());
      outputs.put("cache_key", key);
      outputs.put("dataset_hash", datasetHash);
      return new StepOutcome.Done(
          null, outputs, Map.of("cached_from_run", hit.get().runId().toString()), true);
    }

    List<ModelJobs.Input> inputs = new ArrayList<>();
    inputs.add(new ModelJobs.Input("data", data.toString(), ROOT + "/input/data"));
    if (schemaUri != null) {
      inputs.add(new ModelJobs.Input("schema", schemaUri, ROOT + "/input/schema"));
    }
    List<ModelJobs.Output> outputs = new ArrayList<>();
    for (String o : OUTPUTS) {
      outputs.add(new ModelJobs.Output(o, out.resolve(o + "/").toString(), ROOT + "/output/" + o));
    }
    List<String> args = new ArrayList<>(List.of("preprocess"));
    args.addAll(
        List.of(
            "--validation-fraction",
            Double.toString(config.processing().validationFraction()),
            "--test-fraction",
            Double.toString(config.processing().testFraction()),
            "--seed",
            Long.toString(config.processing().seed())));
    if (schemaUri == null) {
      args.addAll(List.of("--target", run.target()));
    }
    jobs.startProcessing(
        new ModelJobs.ProcessingJob(
            job,
            run.image(),
            config.training().roleArn(),
            args,
            inputs,
            outputs,
            new ModelJobs.Resources(
                config.processing().instanceType(),
                config.processing().instanceCount(),
                config.processing().volumeSizeGb(),
                config.processing().maxRuntime())));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("cache_key", key);
    detail.put("dataset_hash", datasetHash);
    detail.put("input_objects", csvs.size());
    if (schemaUri != null) {
      detail.put("schema_uri", schemaUri);
    }
    return new StepOutcome.InProgress(job, config.reconcile().pollInterval(), detail);
  }

  private Map<String, String> carried(StepContext ctx) {
    Map<String, String> m = new LinkedHashMap<>();
    Object hash = ctx.step().detail().get("dataset_hash");
    if (hash != null) {
      m.put("dataset_hash", hash.toString());
    }
    return m;
  }

  private StepOutcome failed(String job, ModelJobs.JobState state, S3Uri out) {
    String reason =
        state.failureReason() != null && !state.failureReason().isBlank()
            ? state.failureReason()
            : "processing job " + job + " " + state.status().name().toLowerCase(Locale.ROOT);
    // SageMaker uploads outputs only when a job succeeds, so the failure reason (the report's
    // summary, at most 1 KiB) is what is always there; the full report is added when it exists
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("valid", false);
    summary.put("summary", reason);
    S3Uri reportUri = out.resolve("report/validation-report.json");
    Optional<byte[]> report = store.get(reportUri);
    if (report.isPresent()) {
      try {
        ValidationReport r = Json.read(report.get(), ValidationReport.class);
        summary.put("rows", r.rows());
        summary.put("usable_rows", r.usableRows());
        summary.put("error_count", r.errorCount());
        summary.put("errors", r.errors().subList(0, Math.min(20, r.errors().size())));
        summary.put("uri", reportUri.toString());
      } catch (RuntimeException e) {
        summary.put("uri", reportUri.toString());
      }
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("validation_report", summary);
    return new StepOutcome.Failed(job, reason, detail);
  }

  static Map<String, String> outputs(S3Uri out) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String o : OUTPUTS) {
      m.put(o, out.resolve(o + "/").toString());
    }
    return m;
  }

  @Override
  public void cancel(StepContext ctx) {
    jobs.stopProcessing(ctx.jobName());
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
