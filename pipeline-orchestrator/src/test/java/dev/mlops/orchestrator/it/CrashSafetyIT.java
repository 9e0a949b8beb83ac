package dev.mlops.orchestrator.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.localaws.testkit.LocalAwsProcess;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointSummary;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobSummary;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Kills the packaged orchestrator with kill -9 while a run trains, while it creates the dev
 * endpoint and while it creates the prod endpoint, starting a new process each time, and from the
 * first crash on runs a second instance beside it on the same database; the run completes exactly
 * once: one training job, one model version, only the two endpoints it needs. Then the next
 * version's canary survives a kill -9 halfway, with two instances sharing it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyIT {

  static final String TOKEN = "crash-token";
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);

  static LocalAwsProcess localAws;
  static Map<String, String> config;
  static SageMakerClient sageMaker;
  static S3Client s3;
  static int port;
  static OrchestratorProcess orchestrator;
  static OrchestratorProcess second;
  static int generation;

  @BeforeAll
  static void startLocalAws() throws Exception {
    localAws = LocalAwsProcess.shared();
    config = new LinkedHashMap<>(LocalAwsTestResource.overrides(localAws, "orchestrator"));
    config.put("mlops.admin.token", TOKEN);
    config.put("mlops.reconcile.interval", "1s");
    config.put("mlops.reconcile.poll-interval", "500ms");
    config.put("mlops.queues.wait-time", "1s");
    config.put("mlops.deploy.prod-instance-count", "1");
    config.put("mlops.schedule.enabled", "false");
    config.put("mlops.training.hyperparameters.num_round", "60");
    config.put("mlops.training.hyperparameters.eta", "0.3");
    config.put("mlops.canary.steps", "10,50");
    config.put("mlops.canary.interval", "4s");
    config.put("mlops.canary.min-requests", "20");
    URI endpoint = URI.create(config.get("mlops.aws.endpoint-override"));
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    sageMaker =
        SageMakerClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    restart();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (orchestrator != null) {
      orchestrator.close();
    }
    if (second != null) {
      second.close();
    }
  }

  static void restart() {
    generation++;
    orchestrator =
        OrchestratorProcess.start(
            config, port, Path.of("target", "crash-it", "orchestrator-" + generation + ".log"));
  }

  static RequestSpecification admin() {
    return given()
        .baseUri("http://127.0.0.1")
        .port(port)
        .header("Authorization", "Bearer " + TOKEN);
  }

  static JsonPath run(String id) {
    return admin().get("/admin/runs/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** Waits for {@code ready}, checks that the run is in {@code step}, then kills and restarts. */
  static void killDuring(
      String id, String step, String what, java.util.concurrent.Callable<Boolean> ready)
      throws Exception {
    await(what).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(ready);
    assertThat(run(id).getString("current_step"))
        .as("the run is in %s when killed", step)
        .isEqualTo(step);
    orchestrator.killHard();
    restart();
  }

  @Test
  @Order(1)
  void aRunCompletesExactlyOnceThroughHardKills() throws Exception {
    s3.putObject(
        b -> b.bucket("mlops-data").key("crash/txhousing/schema.json"),
        RequestBody.fromString(Fixtures.txhousingSchema("crashtx")));
    s3.putObject(
        b -> b.bucket("mlops-data").key("crash/txhousing/txhousing.csv"),
        RequestBody.fromFile(Fixtures.dataFolder().resolve("txhousing.csv")));
    JsonPath started = startCrashRun();
    String id = started.getString("id");
    String shortId = started.getString("short_id");

    killDuring(
        id,
        "train",
        "the training job runs",
        () ->
            trainingJobs(shortId).stream()
                .anyMatch(j -> j.trainingJobStatusAsString().equals("InProgress")));
    // from now on two instances share the database; row locks keep them off each other's runs
    int secondPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      secondPort = s.getLocalPort();
    }
    second =
        OrchestratorProcess.start(
            config, secondPort, Path.of("target", "crash-it", "orchestrator-second.log"));
    killDuring(
        id,
        "deploy-dev",
        "the dev endpoint is being created",
        () -> endpointExists("mlops-dev-v1"));

    JsonPath waiting = awaitRun(id, r -> r.getString("status").equals("waiting_approval"));
    assertThat(waiting.getString("status")).as(waiting.prettify()).isEqualTo("waiting_approval");
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "after two crashes"))
        .post("/admin/models/v1/approve")
        .then()
        .statusCode(200);

    killDuring(
        id,
        "deploy-prod",
        "the prod endpoint is being created",
        () -> endpointExists("mlops-prod-v1"));

    JsonPath done = awaitRun(id, r -> r.getString("status").equals("succeeded"));
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");

    // exactly once: one job per step, one version, the two endpoints and nothing else
    assertThat(trainingJobs(shortId))
        .extracting(TrainingJobSummary::trainingJobName)
        .containsExactly("mlops-" + shortId + "-train-a1");
    assertThat(
            sageMaker
                .listProcessingJobs(b -> b.nameContains(shortId).maxResults(100))
                .processingJobSummaries())
        .extracting(p -> p.processingJobName())
        .containsExactlyInAnyOrder(
            "mlops-" + shortId + "-preprocess-a1", "mlops-" + shortId + "-evaluate-a1");
    List<Map<String, Object>> models =
        admin().get("/admin/models").then().statusCode(200).extract().jsonPath().getList("$");
    assertThat(models)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("version")).isEqualTo("v1");
              assertThat(m.get("run_id")).isEqualTo(id);
            });
    assertThat(sageMaker.listEndpoints(b -> b.maxResults(100)).endpoints())
        .extracting(EndpointSummary::endpointName)
        .containsExactlyInAnyOrder("mlops-dev-v1", "mlops-prod-v1");
    assertThat(
            sageMaker
                .describeModel(b -> b.modelName("mlops-model-v1"))
                .primaryContainer()
                .modelDataUrl())
        .isEqualTo("s3://mlops-artifacts/models/v1/model.tar.gz");
    List<Map<String, Object>> history =
        admin()
            .get("/admin/deployments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("history");
    assertThat(history)
        .extracting(h -> h.get("endpoint") + ":" + h.get("status"))
        .containsExactlyInAnyOrder("mlops-dev-v1:active", "mlops-prod-v1:active");
    RoutingPolicy policy =
        RoutingPolicy.parse(
            s3.getObjectAsBytes(b -> b.bucket("mlops-artifacts").key("routing/policy.json"))
                .asByteArray());
    assertThat(policy.stable().endpoint()).isEqualTo("mlops-prod-v1");
    assertThat(generation).isEqualTo(4);
    assertThat(second.isAlive()).isTrue();
  }

  /**
   * The next version's canary, with both instances running: one interval passes, the instance that
   * serves the API is killed -9 and restarted, and the canary goes on to promotion, every step
   * once.
   */
  @Test
  @Order(2)
  void aCanaryGoesOnAfterAHardKillWithOneDriverAtATime() throws Exception {
    SqsClient sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(config.get("mlops.aws.endpoint-override")))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    SimulatedGateways gateways = new SimulatedGateways(sqs, s3);
    String id = startCrashRun().getString("id");
    JsonPath waiting = awaitRun(id, r -> r.getString("status").equals("waiting_approval"));
    assertThat(waiting.getString("status")).as(waiting.prettify()).isEqualTo("waiting_approval");
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "canary through a crash"))
        .post("/admin/models/v2/approve")
        .then()
        .statusCode(200);
    await("the canary of v2 passes its first interval")
        .atMost(STEP_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              if (gateways.policy().canary() != null) {
                gateways.send(200, SimulatedGateways.Canary.HEALTHY);
              }
              Object weight = canary().get("canary.weight");
              return (weight != null && ((Number) weight).doubleValue() == 0.5)
                  || !run(id).getString("status").matches("running|waiting_approval");
            });
    assertThat(run(id).getString("status")).isEqualTo("running");
    orchestrator.killHard();
    // the second instance may take the canary over meanwhile; the restarted one shares it
    restart();
    JsonPath end =
        await("the canary ends")
            .atMost(STEP_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  gateways.send(200, SimulatedGateways.Canary.HEALTHY);
                  return canary();
                },
                c -> !c.getString("canary.state").equals("running"));
    assertThat(end.getString("canary.state")).as(end.prettify()).isEqualTo("promoted");
    // every step once: no weight written twice, no analysis lost or doubled
    assertThat(end.getList("canary.weights.weight", Double.class)).containsExactly(0.1, 0.5, 1.0);
    List<Integer> seqs = end.getList("canary.analyses.seq", Integer.class);
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(i + 1);
    }
    assertThat(end.getList("canary.analyses.decision", String.class))
        .filteredOn(d -> d.equals("advance") || d.equals("promote"))
        .containsExactly("advance", "promote");
    assertThat(admin().get("/admin/canary/history").jsonPath().getList("$")).hasSize(1);
    JsonPath done = awaitRun(id, r -> r.getString("status").equals("succeeded"));
    assertThat(done.getString("status")).isEqualTo("succeeded");
    RoutingPolicy policy = gateways.policy();
    assertThat(policy.stable().endpoint()).isEqualTo("mlops-prod-v2");
    assertThat(policy.canary()).isNull();
    assertThat(second.isAlive()).isTrue();
  }

  /** Starts a run of the crash test's dataset through the admin API (202). */
  static JsonPath startCrashRun() {
    return admin()
        .contentType("application/json")
        .body(Map.of("dataset", "crashtx", "dataset_uri", "s3://mlops-data/crash/txhousing/"))
        .post("/admin/runs")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath();
  }

  static JsonPath canary() {
    return admin().get("/admin/canary").then().statusCode(200).extract().jsonPath();
  }

  static JsonPath awaitRun(String id, Predicate<JsonPath> condition) {
    return await("run " + id)
        .atMost(STEP_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> run(id),
            r ->
                condition.test(r)
                    || List.of("failed", "cancelled", "rejected", "succeeded")
                        .contains(r.getString("status")));
  }

  static List<TrainingJobSummary> trainingJobs(String shortId) {
    return sageMaker
        .listTrainingJobs(b -> b.nameContains(shortId).maxResults(100))
        .trainingJobSummaries();
  }

  static boolean endpointExists(String name) {
    return sageMaker.listEndpoints(b -> b.nameContains(name).maxResults(100)).endpoints().stream()
        .anyMatch(e -> e.endpointName().equals(name));
  }
}
