package dev.mlops.orchestrator.pipeline.step;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.db.Jsonb;
import dev.mlops.orchestrator.pipeline.PipelineStep;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.registry.ApprovalStatus;
import dev.mlops.orchestrator.registry.ModelArchive;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import dev.mlops.orchestrator.storage.ObjectStore;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the model version with its lineage (approval pending) and copies the model, its schema
 * and its baseline to {@code models/<version>/}, so readers need not untar.
 */
@ApplicationScoped
public class RegisterStep implements PipelineStep {

  private final ModelRegistry registry;
  private final ObjectStore store;
  private final OrchestratorConfig config;

  public RegisterStep(ModelRegistry registry, ObjectStore store, OrchestratorConfig config) {
    this.registry = registry;
    this.store = store;
    this.config = config;
  }

  @Override
  public StepName name() {
    return StepName.REGISTER;
  }

  @Override
  public StepOutcome advance(StepContext ctx) throws SQLException {
    Optional<ModelVersion> existing = registry.byRun(ctx.tx(), ctx.run().id());
    if (existing.isPresent()) {
      return done(ctx, existing.get());
    }
    int number = registry.nextNumber(ctx.tx());
    String version = "v" + number;
    S3Uri folder = S3Uri.of(config.buckets().artifacts(), "models/" + version + "/");
    S3Uri trained = S3Uri.parse(ctx.output(StepName.TRAIN, "model"));
    byte[] archive =
        store
            .get(trained)
            .orElseThrow(
                () -> new IllegalStateException("the trained model " + trained + " is gone"));
    Map<String, byte[]> files =
        ModelArchive.files(
            archive,
            n ->
                n.equals("schema.json")
                    || n.equals("provenance.json")
                    || n.startsWith("baseline/"));
    S3Uri modelData = folder.resolve("model.tar.gz");
    store.put(modelData, archive, "application/gzip");
    S3Uri schemaUri = folder.resolve("schema.json");
    if (files.containsKey("schema.json")) {
      store.put(schemaUri, files.get("schema.json"), "application/json");
    } else {
      store.copy(
          S3Uri.parse(ctx.output(StepName.PREPROCESS, "schema")).resolve("schema.json"), schemaUri);
    }
    S3Uri baseline = folder.resolve("baseline/");
    boolean baselineInArchive = false;
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (f.getKey().startsWith("baseline/") && f.getKey().length() > "baseline/".length()) {
        store.put(folder.resolve(f.getKey()), f.getValue(), "application/json");
        baselineInArchive = true;
      }
    }
    if (!baselineInArchive) {
      S3Uri from = S3Uri.parse(ctx.output(StepName.PREPROCESS, "baseline"));
      for (ObjectStore.StoredObject o : store.list(from)) {
        store.copy(o.uri(), baseline.resolve(o.uri().key().substring(from.key().length())));
      }
    }
    String trainSha = null;
    if (files.containsKey("provenance.json")) {
      try {
        JsonNode p = Json.mapper().readTree(files.get("provenance.json"));
        trainSha = p.path("train_data_sha256").asText(null);
      } catch (IOException e) {
        // lineage without the training hash is still lineage; the dataset hash remains
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    Jsonb.objects(ctx.output(StepName.EVALUATE, "metrics"))
        .forEach((k, v) -> metrics.put(k, ((Number) v).doubleValue()));
    ModelVersion v =
        new ModelVersion(
            version,
            number,
            ctx.run().id(),
            ctx.run().dataset(),
            ctx.run().datasetUri(),
            ctx.run().datasetHash(),
            trainSha,
            ctx.run().image(),
            Jsonb.strings(ctx.output(StepName.TRAIN, "hyperparameters")),
            metrics,
            modelData.toString(),
            schemaUri.toString(),
            baseline.toString(),
            ctx.optionalOutput(StepName.EVALUATE, "evaluation"),
            ApprovalStatus.PENDING_MANUAL_APPROVAL,
            null,
            null,
            null,
            ctx.now(),
            null,
            null);
    registry.insert(ctx.tx(), v);
    return done(ctx, v);
  }

  private StepOutcome done(StepContext ctx, ModelVersion v) {
    ctx.updateRun(ctx.run().withModelVersion(v.version()));
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("version", v.version());
    outputs.put("model_data", v.modelDataUri());
    outputs.put("schema", v.schemaUri());
    outputs.put("baseline", v.baselineUri());
    return new StepOutcome.Done(null, outputs, Map.of("model_version", v.version()), false);
  }
}
