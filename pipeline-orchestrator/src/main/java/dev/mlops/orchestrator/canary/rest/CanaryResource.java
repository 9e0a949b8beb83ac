package dev.mlops.orchestrator.canary.rest;

import dev.mlops.contract.json.Json;
import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.canary.AnalysisRecord;
import dev.mlops.orchestrator.canary.AnalysisResult;
import dev.mlops.orchestrator.canary.Canary;
import dev.mlops.orchestrator.canary.CanaryControl;
import dev.mlops.orchestrator.canary.CanarySettings;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The canary of a new prod version: its state, plan and analyses; promote, roll back, pause. */
@Path("/admin/canary")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "canary")
@SecurityRequirement(name = "bearer")
public class CanaryResource {

  /**
   * The body of an action (optional).
   *
   * @param comment why
   * @param by who (default: admin)
   */
  public record ActionRequest(String comment, String by) {}

  /**
   * {@code GET /admin/canary}.
   *
   * @param active whether a canary shares production now (running or paused)
   * @param canary that canary, else the latest one, else null
   * @param settings the plan and thresholds a new canary gets
   */
  public record Current(boolean active, CanaryView canary, CanarySettings settings) {}

  /**
   * A canary.
   *
   * @param id canary id
   * @param runId the run deploying it
   * @param state running, paused, promoted, rolled_back
   * @param modelVersion the new version
   * @param endpoint its prod endpoint
   * @param stableVersion the version it is compared with
   * @param stableEndpoint the stable endpoint
   * @param plan the plan and thresholds it runs with (fixed at its start)
   * @param step index into {@code plan.steps} of the current weight
   * @param weight its share of traffic now, 0 to 1
   * @param startedAt when it started
   * @param intervalStartedAt start of the interval being collected
   * @param nextAnalysisAt when the next analysis runs (null unless running)
   * @param endedAt when it was promoted or rolled back
   * @param consecutiveFailures failed intervals in a row
   * @param consecutiveInconclusive inconclusive intervals in a row
   * @param pausedReason why it is paused
   * @param outcomeBy who ended it ("canary analysis" or a person)
   * @param outcomeReason why (the failed checks in words)
   * @param failedChecks names of the checks that rolled it back
   * @param routingPolicyVersion the policy version its last change wrote
   * @param weights every weight change
   * @param analysisCount how many analyses ran
   * @param analyses every analysis, oldest first (null in the history list)
   */
  public record CanaryView(
      long id,
      String runId,
      String state,
      String modelVersion,
      String endpoint,
      String stableVersion,
      String stableEndpoint,
      CanarySettings plan,
      int step,
      double weight,
      Instant startedAt,
      Instant intervalStartedAt,
      Instant nextAnalysisAt,
      Instant endedAt,
      int consecutiveFailures,
      int consecutiveInconclusive,
      String pausedReason,
      String outcomeBy,
      String outcomeReason,
      List<String> failedChecks,
      Long routingPolicyVersion,
      List<Canary.WeightChange> weights,
      int analysisCount,
      List<AnalysisView> analyses) {}

  /**
   * One analysis: the interval, the verdict per check with the measured numbers.
   *
   * @param seq 1, 2, ...
   * @param step plan step analysed
   * @param weight the canary's weight in the interval
   * @param intervalStart start of the traffic analysed
   * @param intervalEnd when the analysis ran
   * @param verdict pass, fail, inconclusive
   * @param decision advance, promote, hold, wait, roll_back, pause
   * @param early a fail-fast before the interval's end
   * @param failedChecks names of failed checks
   * @param checks every check
   * @param canary what the canary did
   * @param stable what the stable did
   * @param predictionHistogram both prediction distributions on common bins
   */
  public record AnalysisView(
      int seq,
      int step,
      double weight,
      Instant intervalStart,
      Instant intervalEnd,
      String verdict,
      String decision,
      boolean early,
      List<String> failedChecks,
      List<AnalysisResult.Check> checks,
      AnalysisResult.VariantSummary canary,
      AnalysisResult.VariantSummary stable,
      AnalysisResult.Histogram predictionHistogram) {}

  private final CanaryControl control;

  public CanaryResource(CanaryControl control) {
    this.control = control;
  }

  @GET
  @Operation(
      summary = "The canary sharing production now (else the latest one): plan, weight, analyses")
  public Current current() {
    Optional<CanaryControl.Report> r = control.current();
    return new Current(
        r.isPresent() && r.get().canary().state().isActive(),
        r.map(CanaryResource::view).orElse(null),
        control.settings());
  }

  @GET
  @Path("/history")
  @Operation(summary = "Past and present canaries, newest first (without their analyses)")
  public List<CanaryView> history(@QueryParam("limit") @DefaultValue("20") int limit) {
    if (limit < 1 || limit > 500) {
      throw OrchestratorException.invalid("limit must be between 1 and 500");
    }
    return control.history(limit).stream()
        .map(r -> view(r.canary(), r.analysisCount(), null))
        .toList();
  }

  @GET
  @Path("/history/{version}")
  @Operation(summary = "The latest canary of a model version, with its analyses")
  public CanaryView ofVersion(@PathParam("version") String version) {
    return view(control.ofVersion(version));
  }

  @POST
  @Path("/promote")
  @Operation(summary = "Promote the canary now: all traffic to it, the old version retires")
  public CanaryView promote(
      @RequestBody(
              required = false,
              content = @Content(schema = @Schema(implementation = ActionRequest.class)))
          String body) {
    ActionRequest request = parse(body);
    return view(control.promote(by(request), comment(request)));
  }

  @POST
  @Path("/rollback")
  @Operation(summary = "Roll the canary back: weight 0, its endpoint deleted, version marked")
  public CanaryView rollback(
      @RequestBody(
              required = false,
              content = @Content(schema = @Schema(implementation = ActionRequest.class)))
          String body) {
    ActionRequest request = parse(body);
    return view(control.rollBack(by(request), comment(request)));
  }

  @POST
  @Path("/pause")
  @Operation(summary = "Hold the canary at its weight, without analysis")
  public CanaryView pause(
      @RequestBody(
              required = false,
              content = @Content(schema = @Schema(implementation = ActionRequest.class)))
          String body) {
    ActionRequest request = parse(body);
    return view(control.pause(by(request), comment(request)));
  }

  @POST
  @Path("/resume")
  @Operation(summary = "Analyse the canary again, from a fresh interval")
  public CanaryView resume(
      @RequestBody(
              required = false,
              content = @Content(schema = @Schema(implementation = ActionRequest.class)))
          String body) {
    ActionRequest request = parse(body);
    return view(control.resume(by(request)));
  }

  /**
   * The optional body: {@code curl -X POST} without one (or with a form content type and no
   * content) is as good as {@code {}}, so the actions take any content type and read JSON here.
   */
  static ActionRequest parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.mapper().readValue(body, ActionRequest.class);
    } catch (IOException e) {
      throw OrchestratorException.invalid(
          "the body must be JSON like {\"comment\": \"...\", \"by\": \"...\"}: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static String by(ActionRequest r) {
    return r == null || r.by() == null || r.by().isBlank() ? "admin" : r.by();
  }

  private static String comment(ActionRequest r) {
    return r == null ? null : r.comment();
  }

  static CanaryView view(CanaryControl.Report r) {
    return view(r.canary(), r.analyses().size(), r.analyses());
  }

  static CanaryView view(Canary c, int analysisCount, List<AnalysisRecord> analyses) {
    return new CanaryView(
        c.id(),
        c.runId().toString(),
        c.state().id(),
        c.modelVersion(),
        c.endpoint(),
        c.stableVersion(),
        c.stableEndpoint(),
        c.settings(),
        c.step(),
        c.weight(),
        c.startedAt(),
        c.intervalStartedAt(),
        c.nextAnalysisAt(),
        c.endedAt(),
        c.consecutiveFailures(),
        c.consecutiveInconclusive(),
        c.pausedReason(),
        c.outcomeBy(),
        c.outcomeReason(),
        c.failedChecks(),
        c.policyVersion(),
        c.weights(),
        analysisCount,
        analyses == null ? null : analyses.stream().map(CanaryResource::view).toList());
  }

  static AnalysisView view(AnalysisRecord a) {
    return new AnalysisView(
        a.seq(),
        a.step(),
        a.weight(),
        a.intervalStart(),
        a.intervalEnd(),
        a.result().verdict().id(),
        a.decision().id(),
        a.early(),
        a.result().failedChecks(),
        a.result().checks(),
        a.result().canary(),
        a.result().stable(),
        a.result().predictionHistogram());
  }
}
