package dev.mlops.gateway.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.gateway.testing.GatewayCalls;
import dev.mlops.gateway.testing.HostileCorpus;
import dev.mlops.gateway.testing.LocalEndpoints;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw API Gateway HTTP API (payload 2.0) events, as AWS delivers them, posted to the Lambda test
 * API; the answers are the raw {@code APIGatewayV2HTTPResponse} documents the function returns.
 */
@QuarkusTest
@WithTestResource(LocalAwsTestResource.class)
class RawApiGatewayEventsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void endpoints() {
    LocalEndpoints.ensure();
  }

  /** One event: lower-case headers as API Gateway sends them. */
  static ObjectNode event(
      String method, String path, Map<String, String> headers, byte[] body, boolean base64) {
    ObjectNode e = JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", "$default");
    e.put("rawPath", path);
    e.put("rawQueryString", "");
    ObjectNode h = e.putObject("headers");
    headers.forEach((k, v) -> h.put(k.toLowerCase(), v));
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("accountId", "000000000000");
    ctx.put("apiId", "gateway");
    ctx.put("requestId", "req-" + System.nanoTime());
    ctx.put("routeKey", "$default");
    ctx.put("stage", "$default");
    ctx.put("timeEpoch", System.currentTimeMillis());
    ObjectNode http = ctx.putObject("http");
    http.put("method", method);
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", "raw-event-test");
    if (body != null) {
      e.put(
          "body",
          base64
              ? Base64.getEncoder().encodeToString(body)
              : new String(body, StandardCharsets.UTF_8));
      e.put("isBase64Encoded", base64);
    } else {
      e.put("isBase64Encoded", false);
    }
    return e;
  }

  /** Posts an event and returns the function's response document. */
  static JsonNode invoke(ObjectNode event) throws Exception {
    URI uri =
        URI.create(
            RestAssured.baseURI + ":" + RestAssured.port + AmazonLambdaApi.API_BASE_PATH_TEST);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static String body(JsonNode response) {
    String body = response.path("body").asText("");
    return response.path("isBase64Encoded").asBoolean()
        ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
        : body;
  }

  static String header(JsonNode response, String name) {
    for (var it = response.path("headers").fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue().asText();
      }
    }
    return null;
  }

  static JsonNode predict(String body, boolean base64, Map<String, String> headers)
      throws Exception {
    Map<String, String> h = new java.util.HashMap<>(headers);
    h.putIfAbsent("Content-Type", "application/json");
    return invoke(event("POST", "/v1/predict", h, body.getBytes(StandardCharsets.UTF_8), base64));
  }

  @Test
  void predictsThroughTheLambdaHandler() throws Exception {
    GatewayCalls.awaitPolicy(LocalEndpoints.writeStableOnly());
    List<double[]> rows = LocalEndpoints.goldenRows().subList(0, 3);
    for (boolean base64 : new boolean[] {false, true}) {
      JsonNode r = predict(LocalEndpoints.instances(rows), base64, Map.of());
      assertThat(r.path("statusCode").asInt()).as(r.toString()).isEqualTo(200);
      assertThat(header(r, "Content-Type")).startsWith("application/json");
      JsonNode answer = JSON.readTree(body(r));
      for (int i = 0; i < rows.size(); i++) {
        assertThat(answer.at("/predictions/" + i).asDouble())
            .isCloseTo(rows.get(i)[8], org.assertj.core.api.Assertions.within(1e-4));
      }
      assertThat(answer.at("/model/variant").asText()).isEqualTo("stable");
      assertThat(answer.at("/model/version").asText()).isEqualTo("v1");
    }
    JsonNode model = invoke(event("GET", "/v1/model", Map.of(), null, false));
    assertThat(model.path("statusCode").asInt()).isEqualTo(200);
    assertThat(JSON.readTree(body(model)).at("/schema/features/7/name").asText()).isEqualTo("f7");
  }

  @Test
  void refusalsAreProblemsInTheEventResponse() throws Exception {
    GatewayCalls.awaitPolicy(LocalEndpoints.writeStableOnly());
    JsonNode invalid =
        predict(
            "{\"instances\":[{\"f0\":\"x\"}," + HostileCorpus.VALID_INSTANCE + "]}",
            false,
            Map.of());
    assertThat(invalid.path("statusCode").asInt()).isEqualTo(422);
    assertThat(header(invalid, "Content-Type")).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(body(invalid));
    assertThat(problem.path("error_count").asInt()).isEqualTo(8);
    assertThat(problem.at("/errors/0/instance").asInt()).isZero();
    assertThat(problem.at("/errors/0/field").asText()).isEqualTo("f0");

    assertThat(predict("{\"instances\":[", false, Map.of()).path("statusCode").asInt())
        .isEqualTo(400);
    assertThat(
            predict(HostileCorpus.VALID_BODY, false, Map.of("Content-Type", "text/plain"))
                .path("statusCode")
                .asInt())
        .isEqualTo(415);
    String big = "{\"instances\":[{\"f0\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}]}";
    JsonNode tooLarge = predict(big, true, Map.of());
    assertThat(tooLarge.path("statusCode").asInt()).isEqualTo(413);
    assertThat(JSON.readTree(body(tooLarge)).path("type").asText())
        .isEqualTo("urn:mlops:problem:payload-too-large");
    JsonNode missing = invoke(event("GET", "/nothing/here", Map.of(), null, false));
    assertThat(missing.path("statusCode").asInt()).isEqualTo(404);
    assertThat(header(missing, "Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void theStickyHeaderArrivesLowerCasedAndStillPinsTheCaller() throws Exception {
    GatewayCalls.awaitPolicy(
        LocalEndpoints.writePolicy(
            LocalEndpoints.target(LocalEndpoints.STABLE, "v1"),
            LocalEndpoints.target(LocalEndpoints.CANARY, "v2"),
            0.5,
            null,
            "X-Caller-Id"));
    Set<String> all = new HashSet<>();
    for (int caller = 0; caller < 16; caller++) {
      Set<String> variants = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        JsonNode r = predict(HostileCorpus.VALID_BODY, false, Map.of("X-Caller-Id", "c" + caller));
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        variants.add(JSON.readTree(body(r)).at("/model/variant").asText());
      }
      assertThat(variants).hasSize(1);
      all.addAll(variants);
    }
    assertThat(all).containsExactlyInAnyOrder("stable", "canary");
    GatewayCalls.awaitPolicy(LocalEndpoints.writeStableOnly());
  }
}
