package dev.mlops.drift.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.baseline.FeatureSketch;
import dev.mlops.contract.json.Json;
import dev.mlops.drift.window.WindowState;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * GET /drift/distributions/{feature}: a window's sketches (in PostgreSQL) and the model's baseline
 * sketches (in S3) on common bins, read through the service.
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "drift"))
class DistributionApiTest {

  static final String ENDPOINT = "dist-test-prod-v7";

  /** Each test its own endpoint: the latest window of one is not another's. */
  static String endpoint(String windowId) {
    return ENDPOINT + "-" + windowId;
  }

  static final String BASELINE = "s3://mlops-artifacts/models/dist-v7/baseline/";

  @Inject AgroalDataSource db;
  @Inject S3Client s3;

  static FeatureSketch years(int from, int to, int n) {
    FeatureSketch s = FeatureSketch.numeric();
    for (int i = 0; i < n; i++) {
      s.addNumber(from + i % (to - from + 1));
    }
    return s;
  }

  static FeatureSketch cities(int n, String extra) {
    FeatureSketch s = FeatureSketch.categorical();
    for (int i = 0; i < n; i++) {
      s.addLabel(i % 2 == 0 && extra != null ? extra : "city" + i % 5);
    }
    return s;
  }

  void givenAWindowOfLateYearsAndATrainingBaselineOfEarlyOnes(String windowId, long seq)
      throws Exception {
    Map<String, FeatureSketch> base = new LinkedHashMap<>();
    base.put("year", years(2000, 2009, 2000));
    base.put("city", cities(2000, null));
    s3.putObject(
        p -> p.bucket("mlops-artifacts").key("models/dist-v7/baseline/baseline-sketches.json"),
        RequestBody.fromBytes(
            Json.mapper()
                .writeValueAsBytes(BaselineSketches.of(2000, base, years(100, 200, 2000)))));
    Map<String, BaselineSketches.Entry> features = new LinkedHashMap<>();
    features.put("year", years(2012, 2015, 400).toEntry());
    features.put("city", cities(400, "Newtown").toEntry());
    String now = Instant.now().toString();
    WindowState state =
        new WindowState(
            windowId,
            seq,
            endpoint(windowId),
            "v7",
            "txhousing",
            null,
            BASELINE,
            now,
            now,
            400,
            400,
            400,
            Map.of(),
            0,
            0,
            Map.of(),
            Map.of(),
            now,
            now,
            features,
            "median",
            years(150, 300, 400).toEntry());
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO drift_window (id, seq, endpoint, model_version, status, opened_at,"
                    + " closed_at, captures, records, state, revision)"
                    + " VALUES (?, ?, ?, 'v7', 'REPORTED', ?, ?, 400, 400, ?, 1)")) {
      s.setString(1, windowId);
      s.setLong(2, seq);
      s.setString(3, endpoint(windowId));
      s.setTimestamp(4, Timestamp.from(Instant.now()));
      s.setTimestamp(5, Timestamp.from(Instant.now()));
      s.setString(6, state.toJson());
      s.executeUpdate();
    }
  }

  @Test
  void aNumericFeatureOfTheLatestWindowAgainstItsBaseline() throws Exception {
    givenAWindowOfLateYearsAndATrainingBaselineOfEarlyOnes("dist-window-1", 1_000_001);

    JsonPath year =
        given()
            .queryParam("endpoint", endpoint("dist-window-1"))
            .get("/drift/distributions/year")
            .then()
            .statusCode(200)
            .body("type", equalTo("numeric"))
            .body("window_id", equalTo("dist-window-1"))
            .body("model_version", equalTo("v7"))
            .body("baseline_count", equalTo(2000))
            .body("current_count", equalTo(400))
            .extract()
            .jsonPath();
    List<Float> edges = year.getList("edges", Float.class);
    List<Float> baseline = year.getList("baseline", Float.class);
    List<Float> current = year.getList("current", Float.class);
    assertThat(edges).hasSize(17).first().isEqualTo(1999.5f);
    assertThat(baseline).hasSize(16);
    // the baseline lives in 2000-2009, the window in 2012-2015: no overlap
    assertThat(baseline.subList(0, 10))
        .allSatisfy(s -> assertThat(s).isCloseTo(0.1f, within(0.02f)));
    assertThat(current.subList(0, 12)).allSatisfy(s -> assertThat(s).isZero());
    assertThat(current.subList(12, 16))
        .allSatisfy(s -> assertThat(s).isCloseTo(0.25f, within(0.02f)));

    // the prediction is compared with the baseline's target
    given()
        .queryParam("endpoint", endpoint("dist-window-1"))
        .get("/drift/distributions/median")
        .then()
        .statusCode(200)
        .body("kind", equalTo("prediction"))
        .body("baseline_count", equalTo(2000));
  }

  @Test
  void aCategoricalFeatureShowsLabelsOfBoth() throws Exception {
    givenAWindowOfLateYearsAndATrainingBaselineOfEarlyOnes("dist-window-2", 1_000_002);

    JsonPath city =
        given()
            .queryParam("window", "dist-window-2")
            .get("/drift/distributions/city")
            .then()
            .statusCode(200)
            .body("type", equalTo("categorical"))
            .extract()
            .jsonPath();
    assertThat(city.getList("labels", String.class)).startsWith("Newtown").contains("city1");
    assertThat(city.getFloat("current[0]")).isCloseTo(0.5f, within(0.01f));
    assertThat(city.getFloat("baseline[0]")).isZero();
  }

  @Test
  void unknownFeaturesAndWindowsAreProblem404s() {
    given()
        .get("/drift/distributions/year?window=no-such-window")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no-such-window"));
    given()
        .get("/drift/distributions/year?endpoint=no-such-endpoint")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void anUnknownFeatureOfAKnownWindowIsA404() throws Exception {
    givenAWindowOfLateYearsAndATrainingBaselineOfEarlyOnes("dist-window-3", 1_000_003);
    given()
        .queryParam("window", "dist-window-3")
        .get("/drift/distributions/no_such_feature")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no_such_feature"));
  }
}
