package dev.mlops.orchestrator.it;

import static dev.mlops.orchestrator.it.Fixtures.admin;
import static dev.mlops.orchestrator.it.Fixtures.run;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.it.SimulatedGateways.Canary;
import dev.mlops.orchestrator.notify.Outbox;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Canaries against local-aws: every new version after the first takes production traffic through a
 * canary (test plan 10 % -> 50 % -> 100 %, 4 s intervals). The gateways are simulated by the
 * windows they would send to {@code gateway-metrics} for the policy the orchestrator wrote: a
 * healthy canary is promoted after the plan, one with model errors and one answering a constant are
 * rolled back, thin traffic never promotes, and people can pause, resume, promote and roll back.
 * New versions come from retraining runs whose data, preprocessing and training are cached, so no
 * model is trained here (unless this class runs alone and production is empty).
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class CanaryPromotionTest {

  static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  static final Duration CANARY_TIMEOUT = Duration.ofMinutes(2);

  @Inject S3Client s3;
  @Inject SqsClient sqs;
  @Inject SageMakerClient sageMaker;
  @Inject Db db;
  @Inject Outbox outbox;

  static SimulatedGateways gateways;

  /** A run whose version is in its canary. */
  record Candidate(String runId, String version, String stableVersion, String stableEndpoint) {
    String endpoint() {
      return "mlops-prod-" + version;
    }
  }

  @BeforeEach
  void gateways() {
    if (gateways == null) {
      gateways = new SimulatedGateways(sqs, s3);
    }
  }

  @Test
  @Order(1)
  void aVersionIsInProduction() {
    JsonPath deployments =
        admin().get("/admin/deployments").then().statusCode(200).extract().jsonPath();
    if (deployments.getString("prod.endpoint") == null) {
      // run alone: put a first version in production, which switches at once
      Fixtures.uploadTxhousing(s3);
      String id =
          await("a run started by the upload")
              .atMost(Duration.ofSeconds(60))
              .until(() -> Fixtures.runsOf("txhousing"), r -> !r.isEmpty())
              .get(0)
              .get("id")
              .toString();
      approveAndAwait(id, "succeeded");
    }
    admin().get("/admin/deployments").then().statusCode(200).body("prod.status", equalTo("active"));
  }

  @Test
  @Order(2)
  void aHealthyCanaryIsPromotedAfterThePlanAndRolledBackInsideTheWindow() {
    Candidate c = newCandidate();
    JsonPath started = canary();
    assertThat(started.getBoolean("active")).isTrue();
    assertThat(started.getString("canary.state")).isEqualTo("running");
    assertThat(started.getDouble("canary.weight")).isEqualTo(0.1);
    assertThat(started.getList("canary.plan.steps", Integer.class)).containsExactly(10, 50, 100);
    assertThat(started.getInt("canary.plan.interval_seconds")).isEqualTo(4);
    assertThat(started.getString("canary.next_analysis_at")).isNotNull();
    RoutingPolicy policy = gateways.policy();
    assertThat(policy.stable().endpoint()).isEqualTo(c.stableEndpoint());
    assertThat(policy.canary().endpoint()).isEqualTo(c.endpoint());
    assertThat(policy.canary().modelVersion()).isEqualTo(c.version());
    assertThat(policy.canary().schemaUri())
        .isEqualTo("s3://mlops-artifacts/models/" + c.version() + "/schema.json");
    assertThat(policy.canaryWeight()).isEqualTo(0.1);
    JsonPath running = run(c.runId());
    assertThat(running.getString("current_step")).isEqualTo("switch-traffic");
    assertThat(running.getString("steps[8].detail.canary_state")).isEqualTo("running");

    JsonPath end = drive(Canary.HEALTHY, 200);
    assertThat(end.getString("canary.state")).as(end.prettify()).isEqualTo("promoted");
    assertThat(end.getString("canary.outcome_by")).isEqualTo("canary analysis");
    assertThat(end.getList("canary.weights.weight", Double.class)).containsExactly(0.1, 0.5, 1.0);
    List<String> verdicts = end.getList("canary.analyses.verdict");
    List<String> decisions = end.getList("canary.analyses.decision");
    assertThat(verdicts).doesNotContain("fail");
    assertThat(decisions).containsSubsequence("advance", "promote").endsWith("promote");
    JsonPath last = new JsonPath(end.prettify()).setRootPath("canary.analyses[-1]");
    assertThat(last.getList("checks.name"))
        .containsExactly(
            "traffic",
            "error_rate",
            "latency_p99",
            "constant_predictions",
            "prediction_distribution");
    assertThat(last.getList("checks.verdict")).containsOnly("pass");
    assertThat(last.getDouble("weight")).isEqualTo(0.5);
    // two gateways' windows merged per variant, the refused request not counted
    assertThat(last.getInt("canary.windows")).isGreaterThanOrEqualTo(2);
    assertThat(last.getLong("stable.counted_requests")).isLessThan(last.getLong("stable.requests"));
    assertThat(last.getDouble("canary.predictions.quantiles.p50")).isBetween(120_000.0, 240_000.0);
    assertThat(last.getList("prediction_histogram.edges")).hasSize(13);

    JsonPath done =
        await("the run ends")
            .atMost(Duration.ofSeconds(30))
            .until(() -> run(c.runId()), r -> !r.getString("status").equals("running"));
    assertThat(done.getString("status")).isEqualTo("succeeded");
    RoutingPolicy promoted = gateways.policy();
    assertThat(promoted.stable().endpoint()).isEqualTo(c.endpoint());
    assertThat(promoted.canary()).isNull();
    admin()
        .get("/admin/deployments")
        .then()
        .statusCode(200)
        .body("prod.model_version", equalTo(c.version()))
        .body(
            "history.find { it.endpoint == '" + c.stableEndpoint() + "' }.status",
            equalTo("retiring"));
    JsonPath deployed = notices("deployed").get(0);
    assertThat(deployed.getString("model_version")).isEqualTo(c.version());
    assertThat(deployed.getString("previous_version")).isEqualTo(c.stableVersion());
    assertThat(deployed.getString("canary.promoted_by")).isEqualTo("canary analysis");

    // inside the rollback window one call puts the previous version back
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "complaints from Austin", "by", "ana"))
        .post("/admin/deployments/prod/rollback")
        .then()
        .statusCode(200)
        .body("from", equalTo(c.version()))
        .body("to", equalTo(c.stableVersion()));
    RoutingPolicy back = gateways.policy();
    assertThat(back.stable().endpoint()).isEqualTo(c.stableEndpoint());
    assertThat(back.canary()).isNull();
    assertThat(back.version()).isGreaterThan(promoted.version());
    admin()
        .get("/admin/models/" + c.version())
        .then()
        .statusCode(200)
        .body("rolled_back_reason", containsString("rolled back to " + c.stableVersion()));
    awaitDeleted(c.endpoint());
  }

  @Test
  @Order(3)
  void aCanaryWithModelErrorsIsRolledBackWithinTwoIntervals() {
    Candidate c = newCandidate();
    JsonPath end = drive(Canary.MODEL_ERRORS, 200);
    assertThat(end.getString("canary.state")).as(end.prettify()).isEqualTo("rolled_back");
    assertThat(end.getList("canary.failed_checks")).contains("error_rate");
    assertThat(end.getString("canary.outcome_by")).isEqualTo("canary analysis");
    assertThat(end.getString("canary.outcome_reason")).startsWith("error_rate: canary");
    assertThat(end.getList("canary.analyses")).hasSizeBetween(1, 2);
    assertThat(end.getString("canary.analyses[-1].decision")).isEqualTo("roll_back");
    assertThat(end.getDouble("canary.analyses[-1].canary.error_rate")).isGreaterThan(0.1);
    assertThat(end.getDouble("canary.weight")).isZero();
    assertEarlyMarksEveryAnalysisBeforeItsIntervalsEnd(end);
    assertRolledBack(c, "error_rate");
  }

  /**
   * An analysis taken before its interval was over can only be a fail-fast, and is marked {@code
   * early}; one at (or after) the interval's end is not.
   */
  private static void assertEarlyMarksEveryAnalysisBeforeItsIntervalsEnd(JsonPath canary) {
    Duration interval = Duration.ofSeconds(canary.getInt("canary.plan.interval_seconds"));
    List<Map<String, Object>> analyses = canary.getList("canary.analyses");
    for (Map<String, Object> a : analyses) {
      Duration span =
          Duration.between(
              Instant.parse((String) a.get("interval_start")),
              Instant.parse((String) a.get("interval_end")));
      assertThat(a.get("early"))
          .as("analysis %s after %s of a %s interval", a.get("seq"), span, interval)
          .isEqualTo(span.compareTo(interval) < 0);
    }
  }

  @Test
  @Order(4)
  void aCanaryThatAnswersAConstantIsRolledBack() {
    Candidate c = newCandidate();
    JsonPath end = drive(Canary.CONSTANT, 200);
    assertThat(end.getString("canary.state")).as(end.prettify()).isEqualTo("rolled_back");
    assertThat(end.getList("canary.failed_checks")).contains("constant_predictions");
    JsonPath last = new JsonPath(end.prettify()).setRootPath("canary.analyses[-1]");
    // HTTP alone would have promoted it
    assertThat(last.getString("checks.find { it.name == 'error_rate' }.verdict")).isEqualTo("pass");
    assertThat(last.getDouble("checks.find { it.name == 'constant_predictions' }.canary")).isZero();
    assertThat(last.getDouble("canary.predictions.std_dev")).isZero();
    assertRolledBack(c, "constant_predictions");
  }

  @Test
  @Order(5)
  void thinTrafficWaitsForAPersonAndASecondVersionWaitsForTheCanary() {
    Candidate c = newCandidate();
    // eight requests a window: the canary's 10 % rounds to none
    JsonPath paused =
        await("the canary pauses after three inconclusive intervals")
            .atMost(CANARY_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  gateways.send(8, Canary.HEALTHY);
                  return canary();
                },
                j -> !j.getString("canary.state").equals("running"));
    assertThat(paused.getString("canary.state")).as(paused.prettify()).isEqualTo("paused");
    assertThat(paused.getList("canary.analyses.verdict"))
        .containsExactly("inconclusive", "inconclusive", "inconclusive");
    assertThat(paused.getList("canary.analyses.decision")).containsExactly("wait", "wait", "pause");
    assertThat(paused.getString("canary.analyses[0].checks[0].detail"))
        .contains("too little traffic: canary 0");
    assertThat(paused.getString("canary.paused_reason")).contains("without enough traffic");
    assertThat(paused.getDouble("canary.weight")).isEqualTo(0.1);
    assertThat(gateways.policy().canaryWeight()).isEqualTo(0.1);
    assertThat(notices("canary_stalled").get(0).getString("model_version")).isEqualTo(c.version());

    // without a body, and idempotent
    admin().post("/admin/canary/pause").then().statusCode(200).body("state", equalTo("paused"));
    admin()
        .contentType("application/json")
        .body(Map.of("by", "ana"))
        .post("/admin/canary/resume")
        .then()
        .statusCode(200)
        .body("state", equalTo("running"))
        .body("consecutive_inconclusive", equalTo(0));
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "waiting for the business", "by", "ana"))
        .post("/admin/canary/pause")
        .then()
        .statusCode(200)
        .body("state", equalTo("paused"))
        .body("paused_reason", equalTo("paused by ana: waiting for the business"))
        .body("next_analysis_at", nullValue());

    // a second version that reaches switch-traffic meanwhile waits: one canary at a time. It comes
    // from a second dataset (the same data under another name): one dataset has one active run.
    String secondRun = startRetraining("txhousing-again");
    String second = approveAndAwait(secondRun, "running");
    JsonPath queued =
        await("the second version waits at switch-traffic")
            .atMost(RUN_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> run(secondRun),
                r ->
                    waitingFor(r) != null
                        || !r.getString("status").matches("queued|running|waiting_approval"));
    assertThat(waitingFor(queued)).as(queued.prettify()).isEqualTo(c.version() + " (paused)");
    assertThat(queued.getString("current_step")).isEqualTo("switch-traffic");
    assertThat(canary().getString("canary.model_version")).isEqualTo(c.version());
    assertThat(gateways.policy().canary().endpoint()).isEqualTo(c.endpoint());

    admin()
        .contentType("application/json")
        .body(Map.of("comment", "signed off by the business", "by", "ana"))
        .post("/admin/canary/promote")
        .then()
        .statusCode(200)
        .body("state", equalTo("promoted"))
        .body("outcome_by", equalTo("ana"))
        .body("outcome_reason", equalTo("promoted now by ana: signed off by the business"));
    await("the run ends")
        .atMost(Duration.ofSeconds(30))
        .until(() -> run(c.runId()).getString("status").equals("succeeded"));

    // the waiting version's canary starts against the version just promoted
    JsonPath next =
        await("the second version's canary starts")
            .atMost(CANARY_TIMEOUT)
            .pollInterval(Duration.ofMillis(500))
            .until(this::canary, j -> second.equals(j.getString("canary.model_version")));
    assertThat(next.getString("canary.stable_version")).isEqualTo(c.version());
    assertThat(gateways.policy().stable().endpoint()).isEqualTo(c.endpoint());
    // promoted at once, so that the next scenario starts from one stable version
    admin()
        .contentType("application/json")
        .body(Map.of("by", "ana"))
        .post("/admin/canary/promote")
        .then()
        .statusCode(200)
        .body("state", equalTo("promoted"));
    await("the second run ends")
        .atMost(Duration.ofSeconds(30))
        .until(() -> run(secondRun).getString("status").equals("succeeded"));
    assertThat(gateways.policy().canary()).isNull();
    admin()
        .post("/admin/canary/promote")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", equalTo("no canary is running: nothing to promote"));
  }

  @Test
  @Order(6)
  void aPersonCanRollACanaryBackAndTheHistoryKeepsEveryCanary() {
    Candidate c = newCandidate();
    gateways.send(200, Canary.HEALTHY);
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "wrong feature set", "by", "ana"))
        .post("/admin/canary/rollback")
        .then()
        .statusCode(200)
        .body("state", equalTo("rolled_back"))
        .body("outcome_by", equalTo("ana"))
        .body("outcome_reason", equalTo("rolled back by hand: wrong feature set"))
        .body("weight", equalTo(0.0f));
    assertRolledBack(c, null);

    JsonPath current = canary();
    assertThat(current.getBoolean("active")).isFalse();
    assertThat(current.getString("canary.model_version")).isEqualTo(c.version());
    List<Map<String, Object>> history =
        admin()
            .get("/admin/canary/history")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    // newest first: this one, the second version's and the thin-traffic canary (promoted), the
    // constant one, the one with model errors (rolled back), ...
    assertThat(history).hasSizeGreaterThanOrEqualTo(6);
    assertThat(history.get(0).get("model_version")).isEqualTo(c.version());
    assertThat(history.get(0).get("analyses")).isNull();
    assertThat(history.stream().map(h -> h.get("state"))).contains("promoted", "rolled_back");
    String errorsVersion = (String) history.get(4).get("model_version");
    admin()
        .get("/admin/canary/history/" + errorsVersion)
        .then()
        .statusCode(200)
        .body("failed_checks", equalTo(List.of("error_rate")))
        .body("analyses[-1].checks[1].name", equalTo("error_rate"));
    admin()
        .get("/admin/canary/history/v999")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    admin()
        .contentType("application/json")
        .body("{not json")
        .post("/admin/canary/pause")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("the body must be JSON"));
    given().get("/admin/canary").then().statusCode(401);
    given().post("/admin/canary/rollback").then().statusCode(401);
  }

  @Test
  @Order(7)
  void theProdRollbackDuringACanaryRollsTheCanaryBack() {
    Candidate c = newCandidate();
    admin()
        .get("/admin/deployments")
        .then()
        .statusCode(200)
        .body("prod.model_version", equalTo(c.stableVersion()))
        .body("routing_policy.canary.endpoint", equalTo(c.endpoint()))
        .body("routing_policy.canary_weight", equalTo(0.1f));
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "pager went off", "by", "ana"))
        .post("/admin/deployments/prod/rollback")
        .then()
        .statusCode(200)
        .body("from", equalTo(c.version()))
        .body("to", equalTo(c.stableVersion()))
        .body("endpoint", equalTo(c.stableEndpoint()));
    JsonPath ended = canary();
    assertThat(ended.getString("canary.state")).isEqualTo("rolled_back");
    assertThat(ended.getString("canary.outcome_by")).isEqualTo("ana");
    assertThat(ended.getString("canary.outcome_reason")).endsWith("pager went off");
    assertRolledBack(c, null);
  }

  @Test
  @Order(8)
  void cancellingTheRunRollsItsCanaryBack() {
    Candidate c = newCandidate();
    admin().post("/admin/runs/" + c.runId() + "/cancel").then().statusCode(202);

    JsonPath cancelled =
        await("the run ends")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> run(c.runId()), r -> !r.getString("status").matches("running|cancelling"));
    assertThat(cancelled.getString("status")).as(cancelled.prettify()).isEqualTo("cancelled");
    JsonPath ended = canary();
    assertThat(ended.getBoolean("active")).isFalse();
    assertThat(ended.getString("canary.model_version")).isEqualTo(c.version());
    assertThat(ended.getString("canary.state")).isEqualTo("rolled_back");
    assertThat(ended.getString("canary.outcome_by")).isEqualTo("run cancel");
    assertThat(ended.getString("canary.outcome_reason")).isEqualTo("the run was cancelled");
    assertOnlyStableRouted(c);
    admin()
        .get("/admin/deployments")
        .then()
        .statusCode(200)
        .body("prod.model_version", equalTo(c.stableVersion()));
    awaitDeleted(c.endpoint());
  }

  /** A retraining run with cached steps, approved: its version's canary has started. */
  Candidate newCandidate() {
    JsonPath before = admin().get("/admin/deployments").then().statusCode(200).extract().jsonPath();
    String stableVersion = before.getString("prod.model_version");
    String stableEndpoint = before.getString("prod.endpoint");
    String id = startRetraining("txhousing");
    String version = approveAndAwait(id, "running");
    JsonPath started =
        await("the canary of " + version + " starts")
            .atMost(RUN_TIMEOUT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                this::canary,
                j ->
                    (j.getBoolean("active") && version.equals(j.getString("canary.model_version")))
                        || run(id)
                            .getString("status")
                            .matches("succeeded|failed|cancelled|rejected"));
    assertThat(started.getString("canary.model_version")).as(run(id).prettify()).isEqualTo(version);
    assertThat(started.getString("canary.stable_version")).isEqualTo(stableVersion);
    return new Candidate(id, version, stableVersion, stableEndpoint);
  }

  /** Starts a run on txhousing's data (its steps cached from earlier runs); returns its id. */
  private String startRetraining(String dataset) {
    return admin()
        .contentType("application/json")
        .body(Map.of("dataset", dataset, "dataset_uri", "s3://mlops-data/datasets/txhousing/"))
        .post("/admin/runs")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  /** What the run's switch-traffic step waits for ("version (state)"), or null. */
  private static String waitingFor(JsonPath run) {
    return run.getString("steps.find { it.step == 'switch-traffic' }.detail.waiting_for_canary");
  }

  /** Approves the run's version once it waits, then waits for the run to reach a status. */
  private String approveAndAwait(String id, String status) {
    JsonPath waiting =
        await("the version waits for approval")
            .atMost(RUN_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> run(id), r -> !r.getString("status").matches("queued|running"));
    assertThat(waiting.getString("status")).as(waiting.prettify()).isEqualTo("waiting_approval");
    String version = waiting.getString("model_version");
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "canary test"))
        .post("/admin/models/" + version + "/approve")
        .then()
        .statusCode(200);
    if (status.equals("succeeded")) {
      JsonPath done =
          await("the run ends")
              .atMost(RUN_TIMEOUT)
              .pollInterval(Duration.ofSeconds(1))
              .until(
                  () -> run(id), r -> !r.getString("status").matches("running|waiting_approval"));
      assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    }
    return version;
  }

  /** Sends the gateways' windows every second until the canary is no longer running. */
  private JsonPath drive(Canary behaviour, int requestsPerWindow) {
    return await("the canary ends")
        .atMost(CANARY_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              gateways.send(requestsPerWindow, behaviour);
              return canary();
            },
            j -> !j.getString("canary.state").equals("running"));
  }

  /** The routing policy sends everything to the stable endpoint again. */
  private void assertOnlyStableRouted(Candidate c) {
    RoutingPolicy policy = gateways.policy();
    assertThat(policy.stable().endpoint()).isEqualTo(c.stableEndpoint());
    assertThat(policy.canary()).isNull();
    assertThat(policy.canaryWeight()).isZero();
  }

  private void assertRolledBack(Candidate c, String failedCheck) {
    assertOnlyStableRouted(c);
    JsonPath failed =
        await("the run ends")
            .atMost(Duration.ofSeconds(30))
            .until(() -> run(c.runId()), r -> !r.getString("status").equals("running"));
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("failure_reason")).contains("canary rolled back");
    JsonPath model =
        admin().get("/admin/models/" + c.version()).then().statusCode(200).extract().jsonPath();
    assertThat(model.getString("rolled_back_at")).isNotNull();
    admin()
        .get("/admin/deployments")
        .then()
        .statusCode(200)
        .body("prod.model_version", equalTo(c.stableVersion()))
        .body(
            "history.find { it.endpoint == '" + c.endpoint() + "' }.status",
            equalTo("rolled_back"));
    JsonPath alert = notices("rolled_back").get(0);
    assertThat(alert.getString("from_version")).isEqualTo(c.version());
    assertThat(alert.getString("to_version")).isEqualTo(c.stableVersion());
    assertThat(alert.getBoolean("canary")).isTrue();
    if (failedCheck != null) {
      assertThat(model.getString("rolled_back_reason")).contains(failedCheck);
      assertThat(alert.getList("failed_checks")).contains(failedCheck);
    }
    awaitDeleted(c.endpoint());
  }

  private void awaitDeleted(String endpoint) {
    await(endpoint + " is deleted")
        .atMost(Duration.ofSeconds(60))
        .until(() -> sageMaker.listEndpoints(b -> b.nameContains(endpoint)).endpoints().isEmpty());
  }

  /** The latest notifications of an event, newest first. */
  private List<JsonPath> notices(String event) {
    return db.tx(tx -> outbox.recent(tx, event, 10)).stream()
        .map(e -> new JsonPath(e.body()))
        .toList();
  }

  private JsonPath canary() {
    return admin().get("/admin/canary").then().statusCode(200).extract().jsonPath();
  }
}
