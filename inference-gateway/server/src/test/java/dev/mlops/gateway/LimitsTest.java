package dev.mlops.gateway;

import static dev.mlops.gateway.testing.GatewayCalls.awaitPolicy;
import static dev.mlops.gateway.testing.GatewayCalls.predict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.gateway.testing.HostileCorpus;
import dev.mlops.gateway.testing.LocalEndpoints;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own limits with a real endpoint behind: a rate limit of 3 requests at once and an
 * endpoint timeout no call can meet.
 */
@QuarkusTest
@TestProfile(LimitsTest.Tight.class)
@WithTestResource(LocalAwsTestResource.class)
class LimitsTest {

  /** A rate limit of one request per 20 s (burst 3) and a 1 ms endpoint timeout. */
  public static class Tight implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "mlops.gateway.rate-limit.requests-per-second", "0.05",
          "mlops.gateway.rate-limit.burst", "3",
          "mlops.gateway.endpoint.timeout", "1ms",
          "mlops.gateway.endpoint.max-attempts", "1");
    }
  }

  @BeforeAll
  static void endpoints() {
    LocalEndpoints.ensure();
  }

  @Test
  void slowEndpointsAre504AndTooManyRequests429() {
    awaitPolicy(LocalEndpoints.writeStableOnly());
    for (int i = 0; i < 3; i++) {
      Response r = predict(HostileCorpus.VALID_BODY);
      assertThat(r.statusCode()).as(r.asString()).isEqualTo(504);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.jsonPath().getString("type")).isEqualTo("urn:mlops:problem:endpoint-timeout");
    }
    Response throttled = predict(HostileCorpus.VALID_BODY);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.contentType()).startsWith("application/problem+json");
    assertThat(throttled.jsonPath().getString("type")).isEqualTo("urn:mlops:problem:throttled");
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 20);
  }
}
