package dev.mlops.orchestrator.pipeline.rest;

import dev.mlops.contract.json.Json;
import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.PipelineRuns;
import dev.mlops.orchestrator.pipeline.RunStatus;
import dev.mlops.orchestrator.pipeline.StartRun;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Pipeline runs. */
@Path("/admin/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
@SecurityRequirement(name = "bearer")
public class RunResource {

  private final PipelineRuns runs;
  private final OrchestratorConfig config;

  public RunResource(PipelineRuns runs, OrchestratorConfig config) {
    this.runs = runs;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Start a run for a dataset (202; 409 when the dataset has an active run)")
  public Response start(StartRunRequest request) {
    if (request == null) {
      throw OrchestratorException.invalid("a JSON body with dataset or dataset_uri is required");
    }
    if ((request.dataset() == null || request.dataset().isBlank())
        && (request.datasetUri() == null || request.datasetUri().isBlank())) {
      throw OrchestratorException.invalid("give dataset, dataset_uri or both");
    }
    String uri =
        request.datasetUri() != null && !request.datasetUri().isBlank()
            ? request.datasetUri()
            : "s3://"
                + config.buckets().data()
                + "/"
                + config.buckets().datasetsPrefix()
                + request.dataset()
                + "/";
    Map<String, String> hp = new LinkedHashMap<>();
    if (request.hyperparameters() != null) {
      request
          .hyperparameters()
          .forEach(
              (k, v) -> {
                if (v == null || v instanceof Map || v instanceof List) {
                  throw OrchestratorException.invalid(
                      "hyperparameter '" + k + "' must be a string or a number");
                }
                hp.put(k, String.valueOf(v));
              });
    }
    String schema = null;
    if (request.schema() != null && !request.schema().isNull()) {
      if (!request.schema().isObject()) {
        throw OrchestratorException.invalid("schema must be a JSON object");
      }
      try {
        schema = Json.mapper().writeValueAsString(request.schema());
      } catch (IOException e) {
        throw OrchestratorException.invalid("schema: " + e.getMessage());
      }
    }
    PipelineRun.GateSettings gate = null;
    if (request.gate() != null) {
      gate =
          new PipelineRun.GateSettings(
              request.gate().metric() != null ? request.gate().metric() : config.gate().metric(),
              request.gate().threshold() != null
                  ? request.gate().threshold()
                  : config.gate().threshold(),
              request.gate().margin() != null ? request.gate().margin() : config.gate().margin());
    }
    PipelineRun run =
        runs.start(
            new StartRun(
                request.dataset(),
                uri,
                schema,
                request.target(),
                hp,
                request.image(),
                gate,
                TriggerKind.MANUAL,
                "admin API"));
    return Response.accepted(RunView.of(runs.get(run.id()), Instant.now()))
        .location(URI.create("/admin/runs/" + run.id()))
        .build();
  }

  @GET
  @Operation(summary = "List runs, newest first")
  public List<RunView> list(
      @QueryParam("dataset") String dataset,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    RunStatus s = null;
    if (status != null) {
      try {
        s = RunStatus.of(status);
      } catch (IllegalArgumentException e) {
        throw OrchestratorException.invalid("unknown status '" + status + "'");
      }
    }
    if (limit < 1 || limit > 500) {
      throw OrchestratorException.invalid("limit must be between 1 and 500");
    }
    Instant now = Instant.now();
    return runs.list(dataset, s, limit).stream().map(r -> RunView.of(r, now)).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A run with its steps, timings, log locations and failure")
  public RunView get(@PathParam("id") String id) {
    return RunView.of(runs.get(parse(id)), Instant.now());
  }

  @POST
  @Path("/{id}/retry")
  @Operation(summary = "Restart a failed or cancelled run from the step where it stopped")
  public RunView retry(@PathParam("id") String id) {
    UUID runId = parse(id);
    runs.retry(runId);
    return RunView.of(runs.get(runId), Instant.now());
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(summary = "Cancel an active run (its running job is stopped)")
  public Response cancel(@PathParam("id") String id) {
    UUID runId = parse(id);
    runs.cancel(runId);
    return Response.accepted(RunView.of(runs.get(runId), Instant.now())).build();
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw OrchestratorException.notFound("no run " + id);
    }
  }
}
