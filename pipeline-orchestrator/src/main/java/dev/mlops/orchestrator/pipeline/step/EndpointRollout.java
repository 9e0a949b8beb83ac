package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.contract.csv.CsvParser;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.deploy.Deployment;
import dev.mlops.orchestrator.deploy.DeploymentStatus;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.Endpoints;
import dev.mlops.orchestrator.deploy.ProdScaling;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.JobNames;
import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepOutcome;
import dev.mlops.orchestrator.pipeline.TransientFailure;
import dev.mlops.orchestrator.registry.ModelRegistry;
import dev.mlops.orchestrator.registry.ModelVersion;
import dev.mlops.orchestrator.storage.ObjectStore;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates a model version's endpoint for a stage, waits for it to be in service and smoke tests it
 * with rows of the test split. A failed endpoint is deleted, so nothing is left behind.
 */
@ApplicationScoped
public class EndpointRollout {

  private final Endpoints endpoints;
  private final DeploymentStore deployments;
  private final ModelRegistry registry;
  private final ObjectStore store;
  private final OrchestratorConfig config;
  private final ProdScaling scaling;

  public EndpointRollout(
      Endpoints endpoints,
      DeploymentStore deployments,
      ModelRegistry registry,
      ObjectStore store,
      OrchestratorConfig config,
      ProdScaling scaling) {
    this.endpoints = endpoints;
    this.deployments = deployments;
    this.registry = registry;
    this.store = store;
    this.config = config;
    this.scaling = scaling;
  }

  /** The endpoint name of a stage. */
  public String endpointName(Stage stage, String version) {
    return JobNames.endpoint(config.project(), stage.id(), version);
  }

  public StepOutcome advance(StepContext ctx, Stage stage) throws SQLException {
    ModelVersion version =
        registry
            .find(ctx.tx(), ctx.run().modelVersion())
            .orElseThrow(() -> new IllegalStateException("run has no registered model version"));
    String endpoint = endpointName(stage, version.version());
    Deployment deployment =
        deployments.ensure(ctx.tx(), ctx.run().id(), stage, version.version(), endpoint, ctx.now());
    if (deployment.status() == DeploymentStatus.READY
        || deployment.status() == DeploymentStatus.ACTIVE) {
      return done(endpoint, deployment);
    }
    Endpoints.EndpointState state = endpoints.describe(endpoint);
    Duration poll = config.reconcile().pollInterval();
    switch (state.status()) {
      case NOT_FOUND -> {
        String model = JobNames.model(config.project(), version.version());
        boolean prod = stage == Stage.PROD;
        try {
          endpoints.ensureModel(
              model, version.image(), version.modelDataUri(), config.training().roleArn());
          endpoints.ensureEndpoint(
              new Endpoints.EndpointSpec(
                  endpoint,
                  model,
                  prod ? config.deploy().prodInstanceType() : config.deploy().devInstanceType(),
                  prod ? config.deploy().prodInstanceCount() : config.deploy().devInstanceCount(),
                  prod
                      ? Optional.of(
                          new Endpoints.Capture(
                              "s3://" + config.buckets().capture() + "/",
                              config.deploy().captureSamplingPercentage()))
                      : Optional.empty()));
        } catch (TransientFailure e) {
          throw e;
        } catch (RuntimeException e) {
          // refused (an instance type the account cannot use, a bad image): record the deployment
          // as failed instead of leaving it "creating" in the history
          return fail(ctx, deployment, "creating " + endpoint + " was refused: " + e.getMessage());
        }
        writeManifest(ctx, stage, version, endpoint);
        return new StepOutcome.InProgress(endpoint, poll, Map.of("endpoint", endpoint));
      }
      case CREATING, UPDATING -> {
        if (ctx.step().startedAt() != null
            && ctx.step().startedAt().plus(config.deploy().endpointTimeout()).isBefore(ctx.now())) {
          return fail(
              ctx,
              deployment,
              "endpoint "
                  + endpoint
                  + " was not in service within "
                  + config.deploy().endpointTimeout());
        }
        return StepOutcome.inProgress(endpoint, poll);
      }
      case IN_SERVICE -> {
        String problem = smokeTest(ctx, version, endpoint);
        if (problem != null) {
          return fail(ctx, deployment, "smoke test of " + endpoint + " failed: " + problem);
        }
        if (stage == Stage.DEV) {
          activateDev(ctx, deployment, version);
        } else {
          try {
            scaling.register(endpoint);
          } catch (TransientFailure e) {
            throw e;
          } catch (RuntimeException e) {
            return fail(
                ctx, deployment, "autoscaling of " + endpoint + " was refused: " + e.getMessage());
          }
          deployments.update(
              ctx.tx(), deployment.id(), DeploymentStatus.READY, null, null, null, null);
        }
        return done(endpoint, deployment);
      }
      case FAILED -> {
        return fail(
            ctx,
            deployment,
            "endpoint "
                + endpoint
                + " failed: "
                + (state.failureReason() == null ? "no reason given" : state.failureReason()));
      }
      default -> {
        // Deleting (a leftover of a cancelled attempt) or an unknown state: wait
        return StepOutcome.inProgress(endpoint, poll);
      }
    }
  }

  /** Deletes an endpoint that a cancelled run was creating. */
  public void cancel(StepContext ctx, Stage stage) throws SQLException {
    Optional<Deployment> d = deployments.byRun(ctx.tx(), ctx.run().id(), stage);
    if (d.isPresent() && d.get().status() == DeploymentStatus.CREATING) {
      scaling.deleteEndpoint(stage, d.get().endpoint());
      deployments.update(
          ctx.tx(), d.get().id(), DeploymentStatus.FAILED, null, null, ctx.now(), "run cancelled");
    }
  }

  private void activateDev(StepContext ctx, Deployment deployment, ModelVersion version)
      throws SQLException {
    for (Deployment other : deployments.withStatus(ctx.tx(), Stage.DEV, DeploymentStatus.ACTIVE)) {
      if (other.id() != deployment.id() && config.deploy().replaceDevEndpoints()) {
        deployments.update(
            ctx.tx(),
            other.id(),
            DeploymentStatus.RETIRING,
            null,
            ctx.now(),
            ctx.now(),
            "replaced by " + version.version());
      }
    }
    deployments.update(
        ctx.tx(), deployment.id(), DeploymentStatus.ACTIVE, ctx.now(), null, null, null);
  }

  private StepOutcome fail(StepContext ctx, Deployment deployment, String reason)
      throws SQLException {
    scaling.deleteEndpoint(deployment.stage(), deployment.endpoint());
    deployments.update(
        ctx.tx(), deployment.id(), DeploymentStatus.FAILED, null, null, ctx.now(), reason);
    return StepOutcome.failed(deployment.endpoint(), reason);
  }

  private static StepOutcome done(String endpoint, Deployment d) {
    return new StepOutcome.Done(
        endpoint,
        Map.of("endpoint", endpoint, "deployment_id", Long.toString(d.id())),
        Map.of(),
        false);
  }

  private void writeManifest(StepContext ctx, Stage stage, ModelVersion v, String endpoint) {
    EndpointManifest manifest =
        new EndpointManifest(
            endpoint,
            v.version(),
            stage.id(),
            v.dataset(),
            v.datasetUri(),
            v.schemaUri(),
            v.baselineUri(),
            v.modelDataUri(),
            ctx.now().toString());
    store.put(
        S3Uri.of(config.buckets().artifacts(), EndpointManifest.key(endpoint)),
        manifest.toJson(),
        "application/json");
  }

  /** Null when the endpoint answered numeric predictions for sample rows, else the problem. */
  String smokeTest(StepContext ctx, ModelVersion v, String endpoint) {
    Optional<byte[]> schemaBytes = store.get(S3Uri.parse(v.schemaUri()));
    if (schemaBytes.isEmpty()) {
      return "the model's schema " + v.schemaUri() + " is missing";
    }
    DatasetSchema schema = DatasetSchema.parse(schemaBytes.get());
    String rows = sampleRows(ctx, schema);
    if (rows == null) {
      return "no test rows to send";
    }
    int expected = CsvParser.lines(rows).size();
    Endpoints.Invocation answer = endpoints.invoke(endpoint, "text/csv", rows);
    if (answer.status() != 200) {
      return "HTTP " + answer.status() + ": " + abbreviate(answer.body());
    }
    List<String> lines = new ArrayList<>();
    for (String l : answer.body().split("\\R")) {
      if (!l.isBlank()) {
        lines.add(l.trim());
      }
    }
    if (lines.size() != expected) {
      return "sent " + expected + " rows, got " + lines.size() + " predictions";
    }
    if (!schema.problemType().isClassification()
        || schema.problemType().name().startsWith("BINARY")) {
      for (String l : lines) {
        try {
          double d = Double.parseDouble(CsvParser.parseLine(l)[0]);
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "prediction '" + l + "' is not a finite number";
          }
        } catch (NumberFormatException e) {
          return "prediction '" + abbreviate(l) + "' is not a number";
        }
      }
    }
    return null;
  }

  private String sampleRows(StepContext ctx, DatasetSchema schema) {
    S3Uri testPrefix = S3Uri.parse(ctx.output(StepName.PREPROCESS, "test"));
    for (ObjectStore.StoredObject o : store.list(testPrefix)) {
      if (!o.uri().key().endsWith(".csv")) {
        continue;
      }
      Optional<byte[]> body = store.get(o.uri());
      if (body.isEmpty()) {
        continue;
      }
      CsvTable table = CsvTable.parse(new String(body.get(), StandardCharsets.UTF_8));
      int n = Math.min(config.deploy().smokeTestRows(), table.size());
      if (n == 0) {
        continue;
      }
      List<Integer> columns = new ArrayList<>();
      for (String f : schema.featureNames()) {
        columns.add(table.column(f));
      }
      StringBuilder csv = new StringBuilder();
      for (int r = 0; r < n; r++) {
        List<String> fields = new ArrayList<>();
        for (int c : columns) {
          String value = table.get(r, c);
          fields.add(value == null ? "" : CsvParser.quote(value));
        }
        csv.append(String.join(",", fields)).append('\n');
      }
      return csv.toString();
    }
    return null;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
