package dev.mlops.gateway.testing;

import static dev.mlops.gateway.testing.GatewayCalls.awaitPolicy;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole hostile corpus: every case answered 4xx with a problem+json body whose status matches,
 * no 5xx, no stack trace, and the gateway still serving afterwards.
 */
public abstract class HostileInputContract {

  @BeforeAll
  static void endpoints() {
    LocalEndpoints.ensure();
  }

  @Test
  void everyHostileRequestIsRefusedWithAProblemAndTheGatewayStaysUp() throws Exception {
    awaitPolicy(LocalEndpoints.writeStableOnly());
    List<HostileCorpus.Case> cases = HostileCorpus.cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
    // the JDK client sends the bytes and content types exactly as given
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String base = RestAssured.baseURI + ":" + RestAssured.port + RestAssured.basePath;
    List<String> wrong = new ArrayList<>();
    int serverErrors = 0;
    for (HostileCorpus.Case c : cases) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + c.path()))
              .timeout(Duration.ofSeconds(60))
              .method(
                  c.method(),
                  c.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(c.body()));
      if (c.contentType() != null) {
        request.header("Content-Type", c.contentType());
      }
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = r.statusCode();
      if (status >= 500) {
        serverErrors++;
      }
      String contentType = r.headers().firstValue("Content-Type").orElse("");
      String body = r.body();
      if (c.body() != null && c.body().length > frontBodyLimit()) {
        // refused in front of the function, as API Gateway refuses what Lambda cannot take
        if (status != 413) {
          wrong.add(c.name() + " -> " + status + " (the front should refuse it with 413)");
        }
        continue;
      }
      boolean statusOk = c.expected() == 0 ? status >= 400 && status < 500 : status == c.expected();
      boolean problem =
          contentType.startsWith("application/problem+json")
              && body.contains("\"status\":" + status)
              && !body.contains("Exception")
              && !body.contains("\tat ");
      if (!statusOk || !problem) {
        wrong.add(c.name() + " -> " + status + " " + contentType + " " + abbreviate(body));
      }
    }
    assertThat(serverErrors).as("5xx answers").isZero();
    assertThat(wrong).as("cases answered wrongly").isEmpty();

    // still up and still right
    Response after = GatewayCalls.predict(HostileCorpus.VALID_BODY);
    assertThat(after.statusCode()).isEqualTo(200);
    given().when().get("/q/health/live").then().statusCode(200);
  }

  /**
   * Bodies above this never reach the gateway's code where it runs behind a front that refuses them
   * (Lambda: 6 MB per synchronous invocation); they must still be answered 413.
   */
  protected long frontBodyLimit() {
    return Long.MAX_VALUE;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
