package dev.mlops.gateway.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** HTTP calls to the gateway under test (rest-assured is pointed at it by @QuarkusTest). */
public final class GatewayCalls {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private GatewayCalls() {}

  /** A status and a parsed JSON body. */
  public record Answer(int status, JsonNode body) {}

  /**
   * For loops of thousands of calls: the JDK client on kept-alive connections (rest-assured opens a
   * connection per call), to wherever rest-assured points.
   */
  public static Answer post(String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/predict"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), Json.mapper().readTree(r.body()));
    } catch (HttpTimeoutException e) {
      throw new AssertionError("the gateway did not answer in 30 s\n" + HangReport.now(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Response predict(String body) {
    return given().contentType("application/json").body(body).when().post("/v1/predict");
  }

  public static Response predict(String body, String header, String value) {
    return given()
        .contentType("application/json")
        .header(header, value)
        .body(body)
        .when()
        .post("/v1/predict");
  }

  /** Waits until the gateway routes by the given policy version. */
  public static void awaitPolicy(long version) {
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                Response r = given().when().get("/v1/model");
                return r.statusCode() == 200 && r.jsonPath().getLong("policy_version") == version;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the gateway did not route by policy version "
              + version
              + " in 30 s\n"
              + HangReport.now(),
          e);
    }
  }
}
