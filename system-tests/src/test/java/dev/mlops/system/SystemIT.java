package dev.mlops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The system end to end, as processes started by {@code ./mlops up}, one scenario after another on
 * the same stack (each builds on what the previous one deployed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1) // before DashboardIT, which reads what these scenarios leave behind
@ExtendWith(FailureDiagnosis.class)
class SystemIT {

  static SystemStack stack;

  /** Rows like the ones the model trained on (the time split trains on 2000 to late 2010). */
  static List<String> recentRows;

  /** A market the first models never saw. */
  static List<String> shiftedRows;

  @BeforeAll
  static void up() {
    stack = SystemStack.shared();
    recentRows = Traffic.rows(2000, 2010);
    shiftedRows = Traffic.rows(2012, 2015);
  }

  static Set<String> runIds() {
    Set<String> ids = new HashSet<>();
    stack.admin("/runs?limit=200").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  /** The first run not in {@code known} that satisfies {@code match}, once it has a status. */
  static JsonNode awaitNewRun(Set<String> known, Predicate<JsonNode> match, Duration timeout) {
    JsonNode[] found = new JsonNode[1];
    await("a new run")
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              for (JsonNode r : stack.admin("/runs?limit=20")) {
                if (!known.contains(r.path("id").asText()) && match.test(r)) {
                  found[0] = r;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  /** A run by id, once it reaches one of the statuses (fails fast when it fails). */
  static JsonNode awaitRunStatus(String id, Duration timeout, String... statuses) {
    JsonNode[] found = new JsonNode[1];
    await("run " + id + " in " + List.of(statuses))
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              found[0] = stack.admin("/runs/" + id);
              String status = found[0].path("status").asText();
              if (status.equals("failed") && !List.of(statuses).contains("failed")) {
                throw new AssertionError("the run failed: " + found[0]);
              }
              return List.of(statuses).contains(status);
            });
    return found[0];
  }

  /** The canary of a version once it is in one of the states. */
  static JsonNode awaitCanary(String version, Duration timeout, String... states) {
    JsonNode[] found = new JsonNode[1];
    await("canary of " + version + " in " + List.of(states))
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Http.Reply r =
                  Http.get(
                      stack.orchestratorUrl() + "/admin/canary/history/" + version,
                      SystemStack.TOKEN);
              if (r.status() != 200) {
                return false;
              }
              found[0] = r.body();
              return List.of(states).contains(found[0].path("state").asText());
            });
    return found[0];
  }

  /** Sends a message to the trigger queue as CI or the drift monitor would (unsigned SQS JSON). */
  static void sendTrigger(String body) {
    awsJson(
        "AmazonSQS.SendMessage",
        "1.0",
        Http.JSON
            .createObjectNode()
            .put("QueueUrl", stack.awsUrl() + "/000000000000/pipeline-triggers")
            .put("MessageBody", body));
  }

  /** Application Auto Scaling's scaling policies of an endpoint's variant, from local-aws. */
  static JsonNode scalingPolicies(String endpoint) {
    return awsJson(
            "AnyScaleFrontendService.DescribeScalingPolicies",
            "1.1",
            Http.JSON
                .createObjectNode()
                .put("ServiceNamespace", "sagemaker")
                .put("ResourceId", "endpoint/" + endpoint + "/variant/AllTraffic"))
        .path("ScalingPolicies");
  }

  /** One unsigned call of an AWS JSON protocol API on local-aws; fails unless it answers 200. */
  static JsonNode awsJson(String target, String jsonVersion, JsonNode body) {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.awsUrl() + "/"))
            .header("X-Amz-Target", target)
            .header("Content-Type", "application/x-amz-json-" + jsonVersion)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    Http.Reply r = Http.send(request);
    assertThat(r.status()).as("%s: %s", target, r.text()).isEqualTo(200);
    return r.body();
  }

  static String answeringVersion(List<String> rows) {
    Http.Reply r = Http.post(stack.gatewayUrl() + "/v1/predict", null, rows.get(0));
    return r.status() == 200 ? r.body().path("model").path("version").asText() : "none";
  }

  /**
   * Waits until the gateway answers only from {@code version}: 30 answers in a row. The gateway
   * reads a new routing policy within its TTL (1 s here), so right after a promotion or a rollback
   * the orchestrator reports, a request may still take the old split: one answer proves nothing.
   */
  static void awaitOnlyVersion(String version, List<String> rows, Duration timeout) {
    await("the gateway answers only with " + version)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (int i = 0; i < 30; i++) {
                if (!answeringVersion(rows).equals(version)) {
                  return false;
                }
              }
              return true;
            });
  }

  /** The newest run of txhousing, once it is in one of the statuses. */
  static JsonNode awaitRun(Duration timeout, String... statuses) {
    JsonNode[] found = new JsonNode[1];
    await("a txhousing run in " + List.of(statuses))
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              JsonNode runs = stack.admin("/runs?dataset=txhousing&limit=1");
              if (runs.isEmpty()) {
                return false;
              }
              found[0] = runs.get(0);
              String status = found[0].path("status").asText();
              if (status.equals("failed") && !List.of(statuses).contains("failed")) {
                throw new AssertionError("the run failed: " + found[0]);
              }
              return List.of(statuses).contains(status);
            });
    return found[0];
  }

  static void approve(String version) {
    stack.adminPost(
        "/models/" + version + "/approve", java.util.Map.of("comment", "system test", "by", "it"));
  }

  @Test
  @Order(1)
  void uploadingTheDatasetTrainsAModelThatGoesToProductionAfterApproval() {
    stack.uploadTxhousing();

    JsonNode waiting = awaitRun(Duration.ofMinutes(6), "waiting_approval");
    assertThat(waiting.path("trigger").asText()).isEqualTo("upload");
    String version = waiting.path("model_version").asText();
    assertThat(version).isEqualTo("v1");
    // no traffic reaches a model before approval
    assertThat(Http.post(stack.gatewayUrl() + "/v1/predict", null, recentRows.get(0)).status())
        .isEqualTo(503);

    approve(version);
    JsonNode done = awaitRun(Duration.ofMinutes(4), "succeeded");
    assertThat(done.path("model_version").asText()).isEqualTo("v1");

    await("the gateway serves v1")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Http.Reply r = Http.post(stack.gatewayUrl() + "/v1/predict", null, recentRows.get(0));
              return r.status() == 200
                  && r.body().path("model").path("version").asText().equals("v1");
            });
    Http.Reply prediction = Http.post(stack.gatewayUrl() + "/v1/predict", null, recentRows.get(1));
    assertThat(prediction.body().path("predictions").get(0).asDouble())
        .isBetween(10_000.0, 1_000_000.0);
    assertThat(prediction.body().path("model").path("variant").asText()).isEqualTo("stable");
  }

  @Test
  @Order(2)
  void aRetrainedModelGoesThroughTheCanaryToPromotionWhileTrafficFlows() {
    Set<String> known = runIds();
    try (Traffic traffic = Traffic.start(stack.gatewayUrl(), recentRows, 20)) {
      JsonNode started =
          // XGBoost's default depth, spelled out: a new training (the hyperparameters are part of
          // the
          // cache key) of a model as good as production's, so the gate lets it through
          stack.adminPost(
              "/runs", Map.of("dataset", "txhousing", "hyperparameters", Map.of("max_depth", "6")));
      String runId = started.path("id").asText();
      JsonNode waiting = awaitRunStatus(runId, Duration.ofMinutes(6), "waiting_approval");
      String version = waiting.path("model_version").asText();
      assertThat(version).isEqualTo("v2");
      approve(version);

      JsonNode canary = awaitCanary(version, Duration.ofMinutes(3), "running", "promoted");
      assertThat(canary.path("stable_version").asText()).isEqualTo("v1");
      JsonNode promoted = awaitCanary(version, Duration.ofMinutes(6), "promoted");
      assertThat(promoted.path("analysis_count").asInt()).isGreaterThanOrEqualTo(2);
      awaitRunStatus(runId, Duration.ofMinutes(2), "succeeded");
      awaitOnlyVersion("v2", recentRows, Duration.ofSeconds(30));

      // the promoted endpoint scales with its traffic (local profile: 1-2 instances at 6,000)
      String prod = stack.admin("/deployments").path("prod").path("endpoint").asText();
      JsonNode policies = scalingPolicies(prod);
      assertThat(policies).as("scaling policies of %s", prod).hasSize(1);
      assertThat(policies.get(0).path("PolicyName").asText())
          .isEqualTo(prod + "-invocations-per-instance");
      assertThat(
              policies
                  .get(0)
                  .path("TargetTrackingScalingPolicyConfiguration")
                  .path("TargetValue")
                  .asDouble())
          .isEqualTo(6000.0);

      Traffic.Tally tally = traffic.tally();
      assertThat(tally.byModel())
          .as("the canary served part of the traffic")
          .containsKey("v2/canary");
      assertThat(tally.failedShare())
          .as("failures %s: %s", tally.byStatus(), traffic.failures())
          .isLessThan(0.01);
    }
    assertThat(known).isNotEmpty();
  }

  @Test
  @Order(3)
  void aModelImageThatErrorsIsRolledBackAutomaticallyWhileProductionKeepsAnswering() {
    rolledBackCanaryOf(SystemStack.FAULTY_ERRORS_IMAGE, "c0ffee01", "v3");
  }

  @Test
  @Order(4)
  void aModelImageThatAnswersAConstantIsRolledBackAutomatically() {
    rolledBackCanaryOf(SystemStack.FAULTY_CONSTANT_IMAGE, "c0ffee02", "v4");
  }

  /**
   * CI announces a new model image; the run it starts passes the offline gate (the image trains and
   * evaluates correctly) but serves badly: the canary must roll it back within two analysis
   * intervals, with callers barely noticing.
   */
  private void rolledBackCanaryOf(String image, String commit, String expectedVersion) {
    Set<String> known = runIds();
    try (Traffic traffic = Traffic.start(stack.gatewayUrl(), recentRows, 20)) {
      sendTrigger(
          new dev.mlops.contract.events.SourceChangeEvent(
                  "source-change", commit, image, "mlops.git", "txhousing")
              .toJson());
      JsonNode run =
          awaitNewRun(known, r -> r.path("image").asText().equals(image), Duration.ofMinutes(2));
      assertThat(run.path("image").asText()).isEqualTo(image);
      JsonNode waiting =
          awaitRunStatus(run.path("id").asText(), Duration.ofMinutes(6), "waiting_approval");
      String version = waiting.path("model_version").asText();
      assertThat(version).isEqualTo(expectedVersion);
      approve(version);

      JsonNode running = awaitCanary(version, Duration.ofMinutes(3), "running", "rolled_back");
      JsonNode rolledBack = awaitCanary(version, Duration.ofMinutes(4), "rolled_back");
      assertThat(rolledBack.path("analysis_count").asInt())
          .as("rolled back within 2 analysis intervals: %s", rolledBack)
          .isBetween(1, 2);
      Duration canaryLife =
          Duration.between(
              java.time.Instant.parse(rolledBack.path("started_at").asText()),
              java.time.Instant.parse(rolledBack.path("ended_at").asText()));
      assertThat(canaryLife)
          .as("canary lifetime")
          .isLessThanOrEqualTo(SystemStack.CANARY_INTERVAL.multipliedBy(2).plusSeconds(20));
      assertThat(rolledBack.path("outcome_reason").asText()).isNotBlank();
      assertThat(running.path("stable_version").asText()).isEqualTo("v2");

      // production never stopped answering, and answers from v2 alone again once the gateways
      // have read the rolled-back policy
      awaitOnlyVersion("v2", recentRows, Duration.ofSeconds(15));
      Traffic.Tally tally = traffic.tally();
      assertThat(tally.failedShare())
          .as("failures %s: %s", tally.byStatus(), traffic.failures())
          .isLessThan(0.01);
      assertThat(tally.byModel().getOrDefault("v2/stable", 0L)).isGreaterThan(tally.answered() / 2);
    }
  }

  @Test
  @Order(5)
  void shiftedTrafficDriftsAndTheRetrainedModelReachesProductionThroughACanary() {
    Set<String> known = runIds();
    try (Traffic traffic = Traffic.start(stack.gatewayUrl(), shiftedRows, 20)) {
      JsonNode run =
          awaitNewRun(
              known, r -> r.path("trigger").asText().equals("drift"), Duration.ofMinutes(5));
      String runId = run.path("id").asText();
      JsonNode violations = Http.get(stack.driftUrl() + "/drift/violations?limit=50", null).body();
      assertThat(violations.toString()).contains("baseline_drift_check");
      JsonNode waiting = awaitRunStatus(runId, Duration.ofMinutes(6), "waiting_approval");
      String version = waiting.path("model_version").asText();
      approve(version);
      awaitCanary(version, Duration.ofMinutes(8), "promoted");
      awaitRunStatus(runId, Duration.ofMinutes(2), "succeeded");
      awaitOnlyVersion(version, shiftedRows, Duration.ofSeconds(30));
      assertThat(traffic.tally().failedShare()).isLessThan(0.01);

      // the new model learned from the same data, so the shifted traffic drifts from its baseline
      // too (as canary already, or now in prod): that drift must not retrain the same model again
      JsonNode skip =
          await("a drift on " + version + "'s endpoint that does not retrain")
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofSeconds(1))
              .until(
                  () -> {
                    for (JsonNode s : stack.admin("/triggers").path("skipped")) {
                      if (s.path("dataset").asText().equals("txhousing")
                          && s.path("kind").asText().equals("drift")
                          && s.path("detail").asText().contains("-" + version)) {
                        return s;
                      }
                    }
                    return null;
                  },
                  java.util.Objects::nonNull);
      assertThat(skip.path("reason").asText()).contains(run.path("short_id").asText());
      Set<String> driftRuns = new HashSet<>();
      stack
          .admin("/runs?limit=200")
          .forEach(
              r -> {
                if (!known.contains(r.path("id").asText())
                    && r.path("trigger").asText().equals("drift")) {
                  driftRuns.add(r.path("id").asText());
                }
              });
      assertThat(driftRuns).as("drift runs since the shift").containsExactly(runId);
    }
  }
}
