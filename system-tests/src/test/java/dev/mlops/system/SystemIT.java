package dev.mlops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The system end to end, as processes started by {@code ./mlops up}, one scenario after another on
 * the same stack (each builds on what the previous one deployed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemIT {

  static SystemStack stack;
  static List<String> recentRows;

  @BeforeAll
  static void up() {
    stack = SystemStack.shared();
    recentRows = Traffic.rows(2000, 2009);
  }

  static JsonNode admin(String path) {
    Http.Reply r = Http.get(stack.orchestratorUrl() + "/admin" + path, SystemStack.TOKEN);
    assertThat(r.status()).as("GET %s: %s", path, r.text()).isEqualTo(200);
    return r.body();
  }

  static JsonNode adminPost(String path, Object body) {
    Http.Reply r = Http.post(stack.orchestratorUrl() + "/admin" + path, SystemStack.TOKEN, body);
    assertThat(r.status()).as("POST %s: %s", path, r.text()).isBetween(200, 299);
    return r.body();
  }

  /** The newest run of txhousing, once it is in one of the statuses. */
  static JsonNode awaitRun(Duration timeout, String... statuses) {
    JsonNode[] found = new JsonNode[1];
    await("a txhousing run in " + List.of(statuses))
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              JsonNode runs = admin("/runs?dataset=txhousing&limit=1");
              if (runs.isEmpty()) {
                return false;
              }
              found[0] = runs.get(0);
              String status = found[0].path("status").asText();
              if (status.equals("failed") && !List.of(statuses).contains("failed")) {
                throw new AssertionError("the run failed: " + found[0]);
              }
              return List.of(statuses).contains(status);
            });
    return found[0];
  }

  static void approve(String version) {
    adminPost(
        "/models/" + version + "/approve", java.util.Map.of("comment", "system test", "by", "it"));
  }

  @Test
  @Order(1)
  void uploadingTheDatasetTrainsAModelThatGoesToProductionAfterApproval() {
    Path data = SystemStack.repoRoot().resolve("data/txhousing");
    Http.putObject(
        stack.awsUrl(),
        "mlops-data",
        "datasets/txhousing/schema.json",
        data.resolve("schema.json"),
        "application/json");
    Http.putObject(
        stack.awsUrl(),
        "mlops-data",
        "datasets/txhousing/txhousing.csv",
        data.resolve("txhousing.csv"),
        "text/csv");

    JsonNode waiting = awaitRun(Duration.ofMinutes(6), "waiting_approval");
    assertThat(waiting.path("trigger").asText()).isEqualTo("upload");
    String version = waiting.path("model_version").asText();
    assertThat(version).isEqualTo("v1");
    // no traffic reaches a model before approval
    assertThat(Http.post(stack.gatewayUrl() + "/v1/predict", null, recentRows.get(0)).status())
        .isEqualTo(503);

    approve(version);
    JsonNode done = awaitRun(Duration.ofMinutes(4), "succeeded");
    assertThat(done.path("model_version").asText()).isEqualTo("v1");

    await("the gateway serves v1")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Http.Reply r = Http.post(stack.gatewayUrl() + "/v1/predict", null, recentRows.get(0));
              return r.status() == 200
                  && r.body().path("model").path("version").asText().equals("v1");
            });
    Http.Reply prediction = Http.post(stack.gatewayUrl() + "/v1/predict", null, recentRows.get(1));
    assertThat(prediction.body().path("predictions").get(0).asDouble())
        .isBetween(10_000.0, 1_000_000.0);
    assertThat(prediction.body().path("model").path("variant").asText()).isEqualTo("stable");
  }
}
