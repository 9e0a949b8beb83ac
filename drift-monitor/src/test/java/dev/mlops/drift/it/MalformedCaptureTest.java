package dev.mlops.drift.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.capture.CaptureCodec;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.drift.Txhousing;
import dev.mlops.localaws.testkit.LocalAwsProcess;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Must-show 3: malformed capture lines, bad JSON, an unknown endpoint and a duplicate delivery are
 * skipped with counted reasons; a poison message lands in the dead-letter queue; the service keeps
 * consuming throughout.
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "drift"))
class MalformedCaptureTest {

  static final String ENDPOINT = "malformed-prod-v2";
  static final String CAPTURE = "mlops-capture";

  @Test
  void badDataIsCountedAndSkippedAndPoisonGoesToTheDeadLetterQueue() {
    LocalAwsProcess aws = LocalAwsProcess.shared();
    S3Client s3 = LocalAwsClients.s3(aws);
    SqsClient sqs = LocalAwsClients.sqs(aws);
    manifest(s3);
    String prefix = ENDPOINT + "/AllTraffic/2024/05/01/10/";

    List<Integer> early = Txhousing.sample(Txhousing.rowsWhereYear(y -> y <= 2009), 5, 1);
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < early.size(); i++) {
      a.append(Txhousing.captureLine(early.get(i), i)).append('\n');
    }
    a.append("this is not json at all\n");
    a.append("{\"captureData\": {}}\n");
    a.append(line("text/csv", "Abilene,two thousand,1,72,5380000,701,6.3")).append('\n');
    a.append(line("application/json", "{\"instances\": [")).append('\n');
    a.append(line("application/x-npy", "binary")).append('\n');
    PutObjectResponse put = put(s3, prefix + "a.jsonl", a.toString());
    put(s3, prefix + "c.jsonl", "\u0000\u0001\u0002 garbage\n{{{{\n");
    put(s3, "ghost-prod-v9/AllTraffic/2024/05/01/10/b.jsonl", a.toString());
    String queue = sqs.getQueueUrl(q -> q.queueName("capture-events")).queueUrl();
    // the same object announced again, SNS-wrapped this time: counted once
    sqs.sendMessage(
        m ->
            m.queueUrl(queue)
                .messageBody(
                    "{\"Type\":\"Notification\",\"Message\":"
                        + Json.string(
                            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":"
                                + "{\"name\":\""
                                + CAPTURE
                                + "\"},\"object\":{\"key\":\""
                                + prefix
                                + "a.jsonl\",\"eTag\":"
                                + Json.string(put.eTag())
                                + "}}}]}")
                        + "}"));
    String poison = "poison " + Instant.now();
    sqs.sendMessage(m -> m.queueUrl(queue).messageBody(poison));

    Map<String, Object> window =
        Awaitility.await("the malformed endpoint's window")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(500))
            .until(
                MalformedCaptureTest::openWindow,
                w -> w != null && ((Number) w.get("captures")).intValue() == 12);
    JsonPath detail =
        given()
            .get("/drift/windows/" + window.get("window_id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(detail.getInt("records")).isEqualTo(6);
    assertThat(detail.getMap("skipped", String.class, Integer.class))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("malformed_line", 4, "malformed_input", 1, "unsupported_content_type", 1));

    // the poison message: never deleted, moved by the queue's redrive policy after 5 receives
    String dlq = sqs.getQueueUrl(q -> q.queueName("capture-events-dlq")).queueUrl();
    Awaitility.await("the poison message in capture-events-dlq")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10)).messages().stream()
                    .anyMatch(m -> m.body().equals(poison)));

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("drift_skipped_total{endpoint=\"ghost-prod-v9\",reason=\"unknown_endpoint\"} 1.0")
        .contains("drift_skipped_total{endpoint=\"\",reason=\"duplicate_object\"} 1.0")
        .contains(
            "drift_skipped_total{endpoint=\"" + ENDPOINT + "\",reason=\"malformed_line\"} 4.0");
    assertThat(metrics).containsPattern("drift_poison_messages_total [5-9]\\.0");

    // still consuming: a good object after all that is folded
    put(
        s3,
        prefix + "d.jsonl",
        new String(Txhousing.captureObject(early, 100), StandardCharsets.UTF_8));
    Awaitility.await("a good object after the bad ones")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ((Number) openWindow().get("records")).intValue() == 11);
    given().get("/q/health/ready").then().statusCode(200);
  }

  static Map<String, Object> openWindow() {
    List<Map<String, Object>> windows =
        given()
            .queryParam("endpoint", ENDPOINT)
            .get("/drift/windows")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return windows.isEmpty() ? null : windows.get(0);
  }

  static String line(String contentType, String input) {
    return CaptureCodec.line(
        CaptureCodec.record(
            "x",
            null,
            Instant.parse("2024-05-01T10:00:00Z"),
            contentType,
            input.getBytes(StandardCharsets.UTF_8),
            "text/csv",
            "1".getBytes(StandardCharsets.UTF_8)));
  }

  static PutObjectResponse put(S3Client s3, String key, String body) {
    return s3.putObject(
        p -> p.bucket(CAPTURE).key(key), RequestBody.fromString(body, StandardCharsets.UTF_8));
  }

  static void manifest(S3Client s3) {
    manifestFor(s3, ENDPOINT, "v2");
  }

  /** A manifest, schema and baseline (txhousing 2000-2009) for an endpoint without a model. */
  static void manifestFor(S3Client s3, String endpoint, String version) {
    Baseline b = Txhousing.baseline(y -> y <= 2009);
    String base = "models/" + endpoint + "-" + version + "/";
    putJson(s3, base + "schema.json", Json.bytes(Txhousing.schema()));
    putJson(s3, base + "baseline/constraints.json", Json.bytes(b.constraints()));
    putJson(s3, base + "baseline/baseline-sketches.json", Json.bytes(b.sketches()));
    putJson(
        s3,
        EndpointManifest.key(endpoint),
        new EndpointManifest(
                endpoint,
                version,
                "prod",
                "txhousing",
                "s3://mlops-data/datasets/txhousing/",
                "s3://mlops-artifacts/" + base + "schema.json",
                "s3://mlops-artifacts/" + base + "baseline/",
                null,
                Instant.now().toString())
            .toJson());
  }

  static void putJson(S3Client s3, String key, byte[] json) {
    s3.putObject(
        p -> p.bucket("mlops-artifacts").key(key).contentType("application/json"),
        RequestBody.fromBytes(json));
  }
}
