package dev.mlops.drift.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.monitor.ConstraintViolations;
import dev.mlops.contract.monitor.Statistics;
import dev.mlops.drift.Txhousing;
import dev.mlops.localaws.testkit.LocalAwsProcess;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Must-show 1: a real txhousing endpoint on local-aws with 100 % data capture. Traffic from the
 * model's own training rows raises nothing; traffic from 2012-2015 drifts on the right features,
 * sends one SNS alert and exactly one drift event (the cool-down holds back the rest).
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "drift"))
class TxhousingDriftTest {

  static final String ENDPOINT = "drifttest-prod-v1";
  static final String ALERTS = "arn:aws:sns:us-east-1:000000000000:alerts";

  @Test
  void inDistributionIsQuietAndLaterYearsDriftWithOneEvent() {
    LocalAwsProcess aws = LocalAwsProcess.shared();
    SqsClient sqs = LocalAwsClients.sqs(aws);
    QueueWatcher alerts =
        QueueWatcher.subscribed(sqs, LocalAwsClients.sns(aws), ALERTS, "drifttest-alerts");
    QueueWatcher triggers = QueueWatcher.of(sqs, "pipeline-triggers");
    TxhousingEndpoint endpoint = TxhousingEndpoint.deploy(aws, ENDPOINT, "v1");

    // 1. in distribution: 800 of the model's own training rows, two windows of 400
    List<String> rows = endpoint.trainingRows();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 800; i++) {
      endpoint.invoke(rows.get(random.nextInt(rows.size())));
    }
    List<Map<String, Object>> quiet = awaitReported(2, 800);
    assertThat(quiet)
        .allSatisfy(
            w -> {
              assertThat(w.get("records")).isEqualTo(400);
              assertThat(w.get("dataset_drift")).isEqualTo(false);
              assertThat(w.get("violation_count")).isEqualTo(0);
            });

    // 2. later years: 1200 rows of 2012-2015, three drifted windows
    List<Integer> late = Txhousing.rowsWhereYear(y -> y >= 2012);
    for (int row : Txhousing.sample(late, 1200, 7)) {
      endpoint.invoke(Txhousing.featureCsv(row));
    }
    List<Map<String, Object>> all = awaitReported(5, 2000);
    List<Map<String, Object>> drifted = all.subList(0, 3); // newest first
    assertThat(drifted).allSatisfy(w -> assertThat(w.get("dataset_drift")).isEqualTo(true));

    // the right features: year (entirely outside the baseline), not the city mix
    String firstDrift = (String) drifted.get(2).get("window_id");
    JsonPath window =
        given().get("/drift/windows/" + firstDrift).then().statusCode(200).extract().jsonPath();
    List<String> driftedFeatures = window.getList("report.drifted_features");
    assertThat(driftedFeatures).contains("year").doesNotContain("city", "month");
    assertThat(window.getFloat("report.features.find { it.name == 'year' }.distance"))
        .isEqualTo(1.0f);
    assertThat(window.getString("report.features.find { it.name == 'year' }.method"))
        .isEqualTo("linf_robust");

    // Model Monitor's files in S3
    S3Client s3 = LocalAwsClients.s3(aws);
    String base = "monitoring/" + ENDPOINT + "/" + firstDrift + "/";
    ConstraintViolations violations =
        Json.read(
            s3.getObjectAsBytes(
                    g -> g.bucket("mlops-artifacts").key(base + "constraint_violations.json"))
                .asByteArray(),
            ConstraintViolations.class);
    assertThat(violations.violations())
        .filteredOn(v -> v.featureName().equals("year"))
        .extracting(ConstraintViolations.Violation::constraintCheckType)
        .containsExactly(ConstraintViolations.BASELINE_DRIFT_CHECK);
    Statistics stats =
        Json.read(
            s3.getObjectAsBytes(g -> g.bucket("mlops-artifacts").key(base + "statistics.json"))
                .asByteArray(),
            Statistics.class);
    assertThat(stats.dataset().itemCount()).isEqualTo(400);
    assertThat(stats.features())
        .extracting(Statistics.FeatureStatistics::name)
        .contains("city", "year", "median");

    // one SNS alert naming features, distances and thresholds
    List<JsonNode> mine =
        Awaitility.await("the drift alert")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    alerts.snsMessages().stream()
                        .filter(m -> ENDPOINT.equals(m.path("endpoint").asText()))
                        .toList(),
                l -> !l.isEmpty());
    assertThat(mine)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path("event").asText()).isEqualTo("drift_detected");
              assertThat(m.path("_subject").asText())
                  .isEqualTo("Drift detected on " + ENDPOINT + " (v1)");
              assertThat(m.path("retraining_requested").asBoolean()).isTrue();
              JsonNode year = null;
              for (JsonNode f : m.path("features")) {
                if (f.path("name").asText().equals("year")) {
                  year = f;
                }
              }
              assertThat(year).isNotNull();
              assertThat(year.path("distance").asDouble()).isEqualTo(1.0);
              assertThat(year.path("threshold").asDouble()).isEqualTo(0.1);
            });

    // exactly one drift event for the three drifted windows
    List<JsonNode> events =
        triggers.poll().stream()
            .filter(n -> "drift".equals(n.path("type").asText()))
            .filter(n -> ENDPOINT.equals(n.path("endpoint").asText()))
            .toList();
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("model_version").asText()).isEqualTo("v1");
              assertThat(e.path("dataset").asText()).isEqualTo("txhousing");
              assertThat(e.path("window_id").asText()).isEqualTo(firstDrift);
              assertThat(e.path("violations_uri").asText())
                  .isEqualTo("s3://mlops-artifacts/" + base + "constraint_violations.json");
            });

    // the read API's series and violations, and the gauges
    JsonPath series =
        given()
            .queryParam("endpoint", ENDPOINT)
            .get("/drift/features/year")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(series.getList("distance", Float.class)).hasSize(5).startsWith(1.0f, 1.0f, 1.0f);
    assertThat(series.getList("drifted", Boolean.class))
        .containsExactly(true, true, true, false, false);
    JsonPath v =
        given()
            .queryParam("endpoint", ENDPOINT)
            .get("/drift/violations")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(v.getList("constraint_check_type", String.class))
        .contains(ConstraintViolations.BASELINE_DRIFT_CHECK);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("feature_baseline_drift_year{endpoint=\"" + ENDPOINT + "\"} 1.0");
  }

  /** Waits until n windows of the endpoint are reported and hold all records; newest first. */
  static List<Map<String, Object>> awaitReported(int n, long records) {
    return Awaitility.await(n + " windows reported")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                given()
                    .queryParam("endpoint", ENDPOINT)
                    .get("/drift/windows")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .<Map<String, Object>>getList("$"),
            l ->
                l.size() == n
                    && l.stream().allMatch(w -> "reported".equals(w.get("status")))
                    && l.stream().mapToLong(w -> ((Number) w.get("records")).longValue()).sum()
                        == records);
  }
}
