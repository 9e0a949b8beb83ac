package dev.mlops.orchestrator.it;

import static dev.mlops.orchestrator.it.Fixtures.admin;
import static dev.mlops.orchestrator.it.Fixtures.put;
import static dev.mlops.orchestrator.it.Fixtures.run;
import static dev.mlops.orchestrator.it.Fixtures.runsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.metrics.GatewayWindows;
import dev.mlops.orchestrator.notify.Outbox;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Triggers, debounce, bad data and bad messages, and the admin API's authentication, against
 * local-aws (the same one as {@link PipelineEndToEndTest}: the same Quarkus test resources).
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "orchestrator"))
class TriggersAndBadInputTest {

  static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

  @Inject S3Client s3;
  @Inject SqsClient sqs;
  @Inject Db db;
  @Inject Outbox outbox;
  @Inject GatewayWindows windows;
  @Inject SageMakerClient sageMaker;

  @Test
  void adminCallsWithoutTheTokenGet401AndChangeNothing() {
    int runsBefore =
        admin().get("/admin/runs").then().statusCode(200).extract().jsonPath().getList("$").size();
    given()
        .contentType("application/json")
        .body(Map.of("dataset", "txhousing"))
        .post("/admin/runs")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("status", equalTo(401));
    given()
        .header("Authorization", "Bearer wrong-token")
        .contentType("application/json")
        .body(Map.of("dataset", "txhousing"))
        .post("/admin/runs")
        .then()
        .statusCode(401);
    given().post("/admin/models/v1/approve").then().statusCode(401);
    given().post("/admin/deployments/prod/rollback").then().statusCode(401);
    given().get("/admin/runs").then().statusCode(401);
    assertThat(admin().get("/admin/runs").then().statusCode(200).extract().jsonPath().getList("$"))
        .hasSize(runsBefore);
    // health and OpenAPI stay open
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200).body(containsString("/admin/runs"));
  }

  @Test
  void callersMistakesAreProblemDetailsNotServerErrors() {
    admin()
        .get("/admin/runs/not-a-uuid")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    admin().get("/admin/models/v999").then().statusCode(404).body("detail", containsString("v999"));
    admin().post("/admin/runs/00000000-0000-0000-0000-000000000000/retry").then().statusCode(404);
    admin()
        .contentType("application/json")
        .body("{}")
        .post("/admin/models/v999/approve")
        .then()
        .statusCode(404);
    admin()
        .contentType("application/json")
        .body("{not json")
        .post("/admin/runs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    admin()
        .contentType("application/json")
        .body(Map.of("dataset_uri", "https://example.org/x.csv"))
        .post("/admin/runs")
        .then()
        .statusCode(400)
        .body("detail", containsString("not an S3 URI"));
    admin()
        .contentType("application/json")
        .body(Map.of("dataset", "x", "gate", Map.of("metric", "vibes")))
        .post("/admin/runs")
        .then()
        .statusCode(400)
        .body("detail", containsString("vibes"));
    admin()
        .contentType("application/json")
        .body(Map.of("dataset", "x", "schema", Map.of("target", "y")))
        .post("/admin/runs")
        .then()
        .statusCode(400)
        .body("detail", containsString("schema"));
  }

  @Test
  void wrongTypesFailPreprocessingWithTheValidationReportOnTheRun() {
    List<String> lines = new ArrayList<>(Fixtures.txhousingLines().subList(0, 400));
    // row 6 of the file: sales is not a number
    String[] f = lines.get(5).split(",");
    f[3] = "lots";
    lines.set(5, String.join(",", f));
    put(s3, "mlops-data", "uploads/wrongtypes/data.csv", String.join("\n", lines) + "\n");
    String id =
        admin()
            .contentType("application/json")
            .body(
                "{\"dataset\": \"wrongtypes\", \"dataset_uri\": \"s3://mlops-data/uploads/wrongtypes/data.csv\","
                    + " \"schema\": "
                    + Fixtures.txhousingSchema("wrongtypes")
                    + "}")
            .post("/admin/runs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    JsonPath failed = awaitEnd(id);
    assertThat(failed.getString("status")).as(failed.prettify()).isEqualTo("failed");
    assertThat(failed.getString("current_step")).isEqualTo("preprocess");
    assertThat(failed.getString("validation_report.summary")).contains("sales").contains("row 6");
    assertThat(failed.getString("steps[0].job_name"))
        .isEqualTo("mlops-" + failed.getString("short_id") + "-preprocess-a1");
    assertThat(failed.getString("steps[1].status")).isEqualTo("pending");
    await("the run_failed notification")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                db.tx(tx -> outbox.recent(tx, "run_failed", 50)).stream()
                    .anyMatch(e -> e.body().contains(id)));
  }

  @Test
  void aMissingColumnFailsPreprocessing() {
    List<String> out = new ArrayList<>();
    for (String line : Fixtures.txhousingLines().subList(0, 300)) {
      List<String> cols = new ArrayList<>(List.of(line.split(",")));
      cols.remove(6); // listings
      out.add(String.join(",", cols));
    }
    put(s3, "mlops-data", "uploads/missingcol/schema.json", Fixtures.txhousingSchema("missingcol"));
    put(s3, "mlops-data", "uploads/missingcol/data.csv", String.join("\n", out) + "\n");
    String id =
        admin()
            .contentType("application/json")
            .body(
                Map.of(
                    "dataset", "missingcol", "dataset_uri", "s3://mlops-data/uploads/missingcol/"))
            .post("/admin/runs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    JsonPath failed = awaitEnd(id);
    assertThat(failed.getString("status")).as(failed.prettify()).isEqualTo("failed");
    assertThat(failed.getString("current_step")).isEqualTo("preprocess");
    assertThat(failed.getString("validation_report.summary")).contains("listings");
  }

  @Test
  void fiveUploadsInsideTheDebounceWindowMakeOneRun() {
    List<String> lines = Fixtures.txhousingLines();
    put(s3, "mlops-data", "datasets/burst/schema.json", Fixtures.txhousingSchema("burst"));
    for (int i = 0; i < 5; i++) {
      List<String> part = new ArrayList<>();
      part.add(lines.get(0));
      part.addAll(lines.subList(1 + i * 300, 1 + (i + 1) * 300));
      put(s3, "mlops-data", "datasets/burst/part-" + i + ".csv", String.join("\n", part) + "\n");
    }
    List<Map<String, Object>> runs =
        await("the debounced run")
            .atMost(Duration.ofSeconds(60))
            .until(() -> runsOf("burst"), r -> !r.isEmpty());
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("trigger")).isEqualTo("upload");
    // the schema and the five parts: six notifications folded into the one run
    assertThat(runs.get(0).get("trigger_detail").toString()).startsWith("6 triggers");
    String id = runs.get(0).get("id").toString();
    admin()
        .get("/admin/triggers")
        .then()
        .statusCode(200)
        .body("pending.dataset", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("burst")));
    // nothing else is waiting for this dataset: no second run appears once this one is over
    admin()
        .post("/admin/runs/" + id + "/cancel")
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(202), equalTo(409)));
    JsonPath ended = awaitEnd(id);
    assertThat(ended.getString("status"))
        .isIn("cancelled", "failed", "waiting_approval", "succeeded");
    assertThat(runsOf("burst")).hasSize(1);
  }

  @Test
  void malformedTriggerMessagesEndInTheDeadLetterQueueWhileTheConsumerGoesOn() {
    String queue = sqs.getQueueUrl(b -> b.queueName("pipeline-triggers")).queueUrl();
    String dlq = sqs.getQueueUrl(b -> b.queueName("pipeline-triggers-dlq")).queueUrl();
    String garbage = "this is not a trigger " + Instant.now();
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody(garbage));
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{\"type\":\"party\"}"));
    // a valid drift event right behind them is still consumed
    sqs.sendMessage(
        b ->
            b.queueUrl(queue)
                .messageBody(
                    "{\"type\":\"drift\",\"endpoint\":\"mlops-prod-v9\",\"model_version\":\"v9\",\"dataset\":\"driftcheck\",\"window_id\":\"w42\"}"));
    await("the drift event became a pending trigger or a run")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !runsOf("driftcheck").isEmpty()
                    || admin()
                        .get("/admin/triggers")
                        .jsonPath()
                        .getList("pending.dataset")
                        .contains("driftcheck"));
    List<String> dead = new ArrayList<>();
    await("both malformed messages in the DLQ")
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              for (Message m :
                  sqs.receiveMessage(
                          b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1))
                      .messages()) {
                dead.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(dlq).receiptHandle(m.receiptHandle()));
              }
              return dead.contains(garbage) && dead.contains("{\"type\":\"party\"}");
            });
    assertThat(admin().get("/admin/triggers").jsonPath().getLong("malformed_messages"))
        .isGreaterThanOrEqualTo(10);
  }

  @Test
  void gatewayWindowsAreStoredPerVariant() {
    String queue = sqs.getQueueUrl(b -> b.queueName("gateway-metrics")).queueUrl();
    Instant start = Instant.parse("2026-02-01T10:00:00Z");
    GatewayWindow w =
        new GatewayWindow(
            GatewayWindow.TYPE,
            "gw-test",
            start.toString(),
            start.plusSeconds(10).toString(),
            3,
            List.of(
                new GatewayWindow.VariantWindow(
                    "stable", "mlops-prod-v1", "v1", 100, Map.of("model", 1L), new long[23], null),
                new GatewayWindow.VariantWindow(
                    "canary", "mlops-prod-v2", "v2", 10, Map.of(), new long[23], null)));
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody(w.toJson()));
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody(w.toJson()));
    await("the window stored once")
        .atMost(Duration.ofSeconds(30))
        .until(() -> ofThisTest(windows.since(null, start, 100)).size() == 2);
    // (oldest first: this test's windows of February come before any a canary test sent)
    assertThat(ofThisTest(windows.since("mlops-prod-v1", start, 100)))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.requests()).isEqualTo(100);
              assertThat(s.variant()).isEqualTo("stable");
            });
  }

  private static List<GatewayWindows.StoredWindow> ofThisTest(
      List<GatewayWindows.StoredWindow> stored) {
    return stored.stream().filter(w -> w.gatewayId().equals("gw-test")).toList();
  }

  private static JsonPath awaitEnd(String id) {
    return await("run " + id + " ends")
        .atMost(JOB_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> run(id),
            r ->
                List.of("failed", "succeeded", "cancelled", "rejected", "waiting_approval")
                    .contains(r.getString("status")));
  }
}
