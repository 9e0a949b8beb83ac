package dev.mlops.gateway.testing;

import static dev.mlops.gateway.testing.GatewayCalls.awaitPolicy;
import static dev.mlops.gateway.testing.GatewayCalls.predict;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.contract.routing.RoutingPolicy;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prediction API against a real model endpoint in local-aws; run by the server build over HTTP
 * and by the Lambda build through API Gateway events.
 */
public abstract class PredictionApiContract {

  @BeforeAll
  static void endpoints() {
    LocalEndpoints.ensure();
  }

  @Test
  void predictsWhatTheModelPredicts() {
    awaitPolicy(LocalEndpoints.writeStableOnly());
    List<double[]> rows = LocalEndpoints.goldenRows().subList(0, 25);
    Response r = predict(LocalEndpoints.instances(rows));
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonPath body = r.jsonPath();
    List<Float> predictions = body.getList("predictions", Float.class);
    assertThat(predictions).hasSize(25);
    for (int i = 0; i < rows.size(); i++) {
      assertThat((double) predictions.get(i))
          .as("row %d", i)
          .isCloseTo(rows.get(i)[8], within(1e-4));
    }
    assertThat(body.getString("model.version")).isEqualTo("v1");
    assertThat(body.getString("model.variant")).isEqualTo("stable");
  }

  @Test
  void describesTheDeployedModel() {
    long version = LocalEndpoints.writeStableOnly();
    awaitPolicy(version);
    JsonPath model = given().when().get("/v1/model").then().statusCode(200).extract().jsonPath();
    assertThat(model.getString("version")).isEqualTo("v1");
    assertThat(model.getLong("policy_version")).isEqualTo(version);
    assertThat(model.getList("schema.features.name"))
        .containsExactly("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7");
    assertThat(model.getString("deployed_at")).isNotBlank();
  }

  @Test
  void listsEveryOffendingInstanceAndField() {
    awaitPolicy(LocalEndpoints.writeStableOnly());
    String good = HostileCorpus.VALID_INSTANCE;
    String body =
        "{\"instances\":["
            + good
            + ","
            + good.replace("0.53", "\"high\"").replace("-0.54", "NaN")
            + ","
            + good
            + ","
            + good.replace("\"f2\":0.78,", "").replace("}", ",\"f9\":1}")
            + "]}";
    Response r = predict(body);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonPath p = r.jsonPath();
    assertThat(p.getString("type")).isEqualTo("urn:mlops:problem:invalid-instances");
    assertThat(p.getInt("status")).isEqualTo(422);
    assertThat(p.getInt("error_count")).isEqualTo(4);
    assertThat(p.getList("errors.instance", Integer.class)).containsExactly(1, 1, 3, 3);
    assertThat(p.getList("errors.field", String.class)).containsExactly("f0", "f7", "f9", "f2");
    assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aModelErrorIs502() {
    // a schema with a ninth feature: the gateway accepts it, the model refuses 9 columns
    long version =
        LocalEndpoints.writePolicy(
            new dev.mlops.contract.routing.RoutingPolicy.Target(
                LocalEndpoints.STABLE, "v1", LocalEndpoints.WRONG_SCHEMA_URI),
            null,
            0,
            null,
            null);
    awaitPolicy(version);
    Response r =
        predict(
            "{\"instances\":[" + HostileCorpus.VALID_INSTANCE.replace("}", ",\"f8\":1}") + "]}");
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(502);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.jsonPath().getString("type")).isEqualTo("urn:mlops:problem:model-error");
    assertThat(r.jsonPath().getString("detail")).contains("the model answered HTTP 400");
    awaitPolicy(LocalEndpoints.writeStableOnly());
  }

  @Test
  void aMissingEndpointIs503AndItsBreakerOpens() {
    long version =
        LocalEndpoints.writePolicy(
            LocalEndpoints.target("gw-it-missing", "v0"), null, 0, null, null);
    awaitPolicy(version);
    Response first = predict(HostileCorpus.VALID_BODY);
    assertThat(first.statusCode()).as(first.asString()).isEqualTo(503);
    assertThat(first.jsonPath().getString("type"))
        .isEqualTo("urn:mlops:problem:endpoint-unavailable");
    assertThat(first.header("Retry-After")).isNotBlank();
    String last = "";
    for (int i = 0; i < 15; i++) {
      Response r = predict(HostileCorpus.VALID_BODY);
      assertThat(r.statusCode()).isEqualTo(503);
      last = r.jsonPath().getString("detail");
    }
    assertThat(last).contains("circuit breaker open");
    awaitPolicy(LocalEndpoints.writeStableOnly());
    assertThat(predict(HostileCorpus.VALID_BODY).statusCode()).isEqualTo(200);
  }

  @Test
  void aSchemaThatCannotBeReadIs503FromTheWorkerThatTriedToReadIt() {
    // the schema is not held, so the request leaves the event loop to read it; the read fails
    // there and the failure still reaches the caller as problem+json, not as a 500
    LocalEndpoints.writePolicy(
        new RoutingPolicy.Target(
            LocalEndpoints.STABLE,
            "v-none",
            "s3://" + LocalEndpoints.BUCKET + "/models/gw-none/schema.json"),
        null,
        0,
        null,
        null);
    // (GET /v1/model cannot tell when this policy is adopted: it needs the schema too)
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> predict(HostileCorpus.VALID_BODY).statusCode() != 200);
    Response r = predict(HostileCorpus.VALID_BODY);
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.jsonPath().getString("type")).isEqualTo("urn:mlops:problem:schema-unavailable");
    assertThat(r.jsonPath().getString("detail")).contains("gw-none/schema.json");
    awaitPolicy(LocalEndpoints.writeStableOnly());
    assertThat(predict(HostileCorpus.VALID_BODY).statusCode()).isEqualTo(200);
  }

  @Test
  void servesOpenApiHealthAndMetrics() {
    awaitPolicy(LocalEndpoints.writeStableOnly());
    assertThat(predict(HostileCorpus.VALID_BODY).statusCode()).isEqualTo(200);
    String openapi =
        given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    assertThat(openapi).contains("/v1/predict").contains("/v1/model").contains("PredictionRequest");
    given().when().get("/q/health/ready").then().statusCode(200);
    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("gateway_requests_total{outcome=\"ok\",variant=\"stable\"}")
        .contains("gateway_endpoint_latency_seconds_bucket");
  }
}
