package dev.mlops.gateway.testing;

import static dev.mlops.gateway.testing.GatewayCalls.awaitPolicy;
import static dev.mlops.gateway.testing.GatewayCalls.predict;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.contract.metrics.GatewayWindow;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Canary split, sticky callers and shadow copies, with real endpoints behind. */
public abstract class RoutingContract {

  @BeforeAll
  static void endpoints() {
    LocalEndpoints.ensure();
  }

  @Test
  void tenPercentCanarySplitsTwoThousandRequests() {
    awaitPolicy(
        LocalEndpoints.writePolicy(
            LocalEndpoints.target(LocalEndpoints.STABLE, "v1"),
            LocalEndpoints.target(LocalEndpoints.CANARY, "v2"),
            0.10,
            null,
            null));
    List<double[]> rows = LocalEndpoints.goldenRows();
    Map<String, Integer> byVariant = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      double[] row = rows.get(i % rows.size());
      GatewayCalls.Answer r = GatewayCalls.post(LocalEndpoints.instances(List.of(row)));
      assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
      String variant = r.body().at("/model/variant").asText();
      assertThat(r.body().at("/model/version").asText())
          .isEqualTo(variant.equals("canary") ? "v2" : "v1");
      assertThat(r.body().at("/predictions/0").asDouble()).isCloseTo(row[8], within(1e-4));
      byVariant.merge(variant, 1, Integer::sum);
    }
    double share = byVariant.getOrDefault("canary", 0) / 2000.0;
    assertThat(share).as("canary share of %s", byVariant).isBetween(0.08, 0.12);
  }

  @Test
  void aStickyKeyKeepsACallerOnOneVariant() {
    awaitPolicy(
        LocalEndpoints.writePolicy(
            LocalEndpoints.target(LocalEndpoints.STABLE, "v1"),
            LocalEndpoints.target(LocalEndpoints.CANARY, "v2"),
            0.5,
            null,
            "X-Caller-Id"));
    Set<String> seen = new HashSet<>();
    for (int caller = 0; caller < 40; caller++) {
      Set<String> variants = new HashSet<>();
      for (int i = 0; i < 8; i++) {
        GatewayCalls.Answer r =
            GatewayCalls.post(HostileCorpus.VALID_BODY, "X-Caller-Id", "customer-" + caller);
        assertThat(r.status()).isEqualTo(200);
        variants.add(r.body().at("/model/variant").asText());
      }
      assertThat(variants).as("caller %d", caller).hasSize(1);
      seen.addAll(variants);
    }
    assertThat(seen)
        .as("40 callers at 50 %% land on both")
        .containsExactlyInAnyOrder("stable", "canary");
  }

  @Test
  void theShadowGetsCopiesWithoutChangingAnswers() {
    awaitPolicy(LocalEndpoints.writeStableOnly());
    List<double[]> rows = LocalEndpoints.goldenRows().subList(0, 30);
    List<String> without = new ArrayList<>();
    for (double[] row : rows) {
      without.add(predict(LocalEndpoints.instances(List.of(row))).asString());
    }
    LocalEndpoints.drainWindows();
    awaitPolicy(
        LocalEndpoints.writePolicy(
            LocalEndpoints.target(LocalEndpoints.STABLE, "v1"),
            null,
            0,
            LocalEndpoints.target(LocalEndpoints.SHADOW, "v3"),
            null));
    List<GatewayWindow> windows = new ArrayList<>(LocalEndpoints.drainWindows());
    for (int i = 0; i < rows.size(); i++) {
      Response r = predict(LocalEndpoints.instances(List.of(rows.get(i))));
      assertThat(r.asString()).as("row %d", i).isEqualTo(without.get(i));
    }
    // every copy reaches the shadow; its answers are counted in the metrics windows (in Lambda,
    // windows leave at the end of a request, hence the GET on each poll)
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              given().when().get("/v1/model");
              windows.addAll(LocalEndpoints.drainWindows());
              return sum(windows, "shadow", LocalEndpoints.SHADOW) >= rows.size();
            });
    assertThat(sum(windows, "shadow", LocalEndpoints.SHADOW)).isEqualTo(rows.size());
    GatewayWindow.VariantWindow shadow =
        windows.stream()
            .flatMap(w -> w.variants().stream())
            .filter(v -> v.variant().equals("shadow"))
            .findFirst()
            .orElseThrow();
    assertThat(shadow.modelVersion()).isEqualTo("v3");
    assertThat(shadow.errors().values()).allMatch(n -> n == 0);
    assertThat(shadow.predictions().count()).isPositive();
    assertThat(sum(windows, "stable", LocalEndpoints.STABLE)).isGreaterThanOrEqualTo(rows.size());
    awaitPolicy(LocalEndpoints.writeStableOnly());
  }

  @Test
  void aFailingCanaryIsAnsweredByStableAndCountedAgainstTheCanary() {
    // the canary's endpoint does not exist: every canary call fails as unavailable
    awaitPolicy(
        LocalEndpoints.writePolicy(
            LocalEndpoints.target(LocalEndpoints.STABLE, "v1"),
            LocalEndpoints.target("gw-it-missing-canary", "v9"),
            0.5,
            null,
            null));
    List<GatewayWindow> windows = new ArrayList<>(LocalEndpoints.drainWindows());
    windows.clear();
    double fallbacksBefore = counter("gateway_canary_fallbacks_total");
    List<double[]> rows = LocalEndpoints.goldenRows();
    for (int i = 0; i < 40; i++) {
      Response r = predict(LocalEndpoints.instances(List.of(rows.get(i))));
      assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
      assertThat(r.jsonPath().getString("model.variant")).isEqualTo("stable");
      assertThat(r.jsonPath().getDouble("predictions[0]")).isCloseTo(rows.get(i)[8], within(1e-4));
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              given().when().get("/v1/model");
              windows.addAll(LocalEndpoints.drainWindows());
              return sum(windows, "canary", "gw-it-missing-canary") > 0;
            });
    long canaryFailures =
        windows.stream()
            .flatMap(w -> w.variants().stream())
            .filter(v -> v.variant().equals("canary"))
            .mapToLong(v -> v.errors().values().stream().mapToLong(Long::longValue).sum())
            .sum();
    assertThat(canaryFailures).isEqualTo(sum(windows, "canary", "gw-it-missing-canary"));
    // at weight 0.5, some of the 40 went to the canary first: each is one fallback at /q/metrics
    assertThat(counter("gateway_canary_fallbacks_total") - fallbacksBefore)
        .as("canary fallbacks counted")
        .isBetween(1.0, 40.0);
    awaitPolicy(LocalEndpoints.writeStableOnly());
  }

  /** A counter's value in the Prometheus text at {@code /q/metrics} (0 when absent). */
  static double counter(String name) {
    String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  static long sum(List<GatewayWindow> windows, String variant, String endpoint) {
    return windows.stream()
        .flatMap(w -> w.variants().stream())
        .filter(v -> v.variant().equals(variant) && v.endpoint().equals(endpoint))
        .mapToLong(GatewayWindow.VariantWindow::requests)
        .sum();
  }
}
