package dev.mlops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.system.ui.Browser;
import dev.mlops.system.ui.DashboardPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard ({@code /ui} of the orchestrator) in headless Chromium against the whole stack,
 * after {@link SystemIT} on the same stack, or alone (it then puts a first version in production
 * itself). It signs in, follows a run it starts until the run waits for approval, approves the new
 * version from the page, follows the canary to its end, and finds the drift that shifted traffic
 * causes on the drift chart. Each view's screenshot goes to {@code
 * system-tests/target/screenshots/} (or the folder in system property {@code mlops.screenshots},
 * e.g. {@code docs/screenshots} to refresh the README's pictures): a test run never writes into the
 * source tree by itself.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FailureDiagnosis.class)
class DashboardIT {

  static final Set<String> ACTIVE = Set.of("queued", "running", "waiting_approval", "cancelling");
  static final String COMMENT = "metrics as good as production; approved from the dashboard";

  static SystemStack stack;
  static Browser browser;
  static DashboardPage page;
  static Path screenshots;
  static String runId;
  static String version;

  @BeforeAll
  static void up() throws Exception {
    stack = SystemStack.shared();
    ensureAVersionInProduction();
    awaitNoActiveRunOrCanary();
    String folder = System.getProperty("mlops.screenshots", "system-tests/target/screenshots");
    screenshots = SystemStack.repoRoot().resolve(folder);
    Files.createDirectories(screenshots);
    browser = Browser.start(stack.dataDir().resolve("logs"));
    page = new DashboardPage(browser, stack.orchestratorUrl());
  }

  @AfterAll
  static void down() {
    if (browser != null) {
      // what the page logged (failed calls included), for whoever reads a failed run's output
      browser.consoleErrors().forEach(line -> System.out.println("[dashboard console] " + line));
      browser.close();
    }
  }

  @Test
  @Order(1)
  void thePageAsksForTheTokenAndRefusesAWrongOne() {
    page.open();
    assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/");
    assertThat(page.find("#nav").orElseThrow().isDisplayed()).isFalse();

    assertThat(page.signIn("not-the-token")).isFalse();
    assertThat(page.loginError()).contains("refused");

    assertThat(page.signIn(SystemStack.TOKEN)).isTrue();
    page.await("the runs table", Duration.ofSeconds(20), "tr[data-run-id]");
    assertThat(browser.script("return sessionStorage.getItem('mlops.admin-token')"))
        .isEqualTo(SystemStack.TOKEN);
  }

  @Test
  @Order(2)
  void aRunStartedThroughTheApiProgressesOnThePageByItself() {
    // a seed no run used: a real training (hyperparameters are part of the cache key) of a model
    // exactly as good as production's (no subsampling, so the seed changes nothing), which the
    // gate lets through
    JsonNode started = startRun(Map.of("seed", "11"));
    runId = started.path("id").asText();

    page.view("runs");
    page.mark();
    page.await(
        "the new run in the list", Duration.ofSeconds(20), "tr[data-run-id='" + runId + "']");
    page.find("a[data-run='" + runId + "']").orElseThrow().click();
    page.await("the run's timeline", Duration.ofSeconds(20), "#timeline li[data-step='train']");

    // a step is running: the page shows it without being reloaded
    browser.await(
        "a step of the run running on the page",
        Duration.ofMinutes(4),
        d ->
            page.find("#timeline li[data-status='running']").isPresent() && stepDone("preprocess"));
    page.find("#timeline li[data-status='running']").orElseThrow();
    browser.screenshot(screenshots.resolve("run-detail.png"));

    String status =
        browser.await(
            "the run to wait for approval, on the page",
            Duration.ofMinutes(8),
            d -> {
              String s = page.attribute("#run-head h1 .badge", "data-status");
              if ("failed".equals(s)) {
                throw new AssertionError("the run failed: " + stack.admin("/runs/" + runId));
              }
              return "waiting_approval".equals(s) ? s : null;
            });
    assertThat(status).isEqualTo("waiting_approval");
    assertThat(page.stillTheSamePage()).as("the page refreshed itself, no reload").isTrue();
    for (String step :
        List.of("preprocess", "train", "evaluate", "gate", "register", "deploy-dev")) {
      assertThat(stepDone(step)).as(step).isTrue();
    }
    assertThat(page.attribute("#run-progress", "value")).isEqualTo("6");
    JsonNode run = stack.admin("/runs/" + runId);
    assertThat(run.path("status").asText()).isEqualTo("waiting_approval");
    version = run.path("model_version").asText();
    assertThat(page.find("#run-side").orElseThrow().getText()).contains("rmse").contains("r2");

    page.view("runs");
    page.await(
        "the run waiting in the list",
        Duration.ofSeconds(20),
        "tr[data-run-id='" + runId + "'][data-status='waiting_approval']");
    browser.screenshot(screenshots.resolve("runs.png"));
  }

  @Test
  @Order(3)
  void approvingFromThePageChangesTheModelsState() {
    assertThat(version).as("the run of the previous test registered a version").isNotBlank();
    page.view("models");
    page.await(
        version + " pending in the registry",
        Duration.ofSeconds(20),
        "tr[data-version='" + version + "'][data-approval='PendingManualApproval']");
    browser.screenshot(screenshots.resolve("models.png"));

    page.find("a[data-version='" + version + "']").orElseThrow().click();
    WebElement comment =
        page.await("the approval form", Duration.ofSeconds(20), "#approval-comment");
    comment.sendKeys(COMMENT);
    page.find("#approval-by").orElseThrow().sendKeys("dashboard-it");
    browser.screenshot(screenshots.resolve("model-approval.png"));
    page.find("#approve").orElseThrow().click();

    page.await(
        "the page shows " + version + " approved",
        Duration.ofSeconds(20),
        "#model-head h1 .badge[data-status='approved']");
    JsonNode model = stack.admin("/models/" + version);
    assertThat(model.path("approval_status").asText()).isEqualTo("Approved");
    assertThat(model.path("approval_comment").asText()).isEqualTo(COMMENT);
    assertThat(model.path("approval_by").asText()).isEqualTo("dashboard-it");
    assertThat(page.find("#model-approval").orElseThrow().getText()).contains(COMMENT);
  }

  @Test
  @Order(4)
  void theDeploymentsPageFollowsTheCanaryAndTheRunEnds() {
    List<String> rows = Traffic.rows(2000, 2009);
    try (Traffic traffic = Traffic.start(stack.gatewayUrl(), rows, 20)) {
      page.view("deployments");
      page.await(
          "the canary of " + version,
          Duration.ofMinutes(5),
          "#canary-panel[data-version='" + version + "'] #canary-weight");
      String charts = "#canary-charts [data-version='" + version + "'] ";
      page.await(
          "an analysed interval", Duration.ofMinutes(3), charts + "#chart-canary-errors canvas");
      page.await(
          "the prediction histogram",
          Duration.ofSeconds(30),
          charts + "#chart-canary-predictions canvas");
      browser.screenshot(screenshots.resolve("deployments.png"));

      String state =
          browser.await(
              "the canary ends (promoted or rolled back)",
              Duration.ofMinutes(6),
              d -> {
                String s = page.attribute("#canary-panel", "data-state");
                return "promoted".equals(s) || "rolled_back".equals(s) ? s : null;
              });
      JsonNode canary = stack.admin("/canary");
      assertThat(canary.path("canary").path("model_version").asText()).isEqualTo(version);
      assertThat(canary.path("canary").path("state").asText()).isEqualTo(state);
      assertThat(page.all("#canary-analyses tr[data-verdict]"))
          .hasSize(canary.path("canary").path("analyses").size());
      assertThat(traffic.tally().ok()).isPositive();
    }

    // the run's page follows it to its end, which the canary decided
    page.go("#/runs/" + runId);
    String end =
        browser.await(
            "the run's end on its page",
            Duration.ofMinutes(2),
            d -> {
              String s = page.attribute("#run-head h1 .badge", "data-status");
              return s != null && !ACTIVE.contains(s) ? s : null;
            });
    assertThat(end).isEqualTo(stack.admin("/runs/" + runId).path("status").asText());
    assertThat(end).isIn("succeeded", "failed");
  }

  @Test
  @Order(5)
  void theDriftChartShowsAViolationAfterShiftedTraffic() {
    String endpoint = stack.admin("/deployments").path("prod").path("endpoint").asText();
    List<String> shifted = Traffic.rows(2012, 2015);
    String feature;
    try (Traffic traffic = Traffic.start(stack.gatewayUrl(), shifted, 20)) {
      JsonNode violation =
          await("a baseline drift violation of " + endpoint + " in the drift API")
              .atMost(Duration.ofMinutes(5))
              .pollInterval(Duration.ofSeconds(2))
              .until(() -> driftViolation(endpoint), v -> v != null);
      feature = violation.path("feature_name").asText();

      page.view("drift");
      WebElement select =
          page.await(
              "the endpoint " + endpoint + " to choose",
              Duration.ofSeconds(30),
              "#endpoint-select option[value='" + endpoint + "']");
      new Select(select.findElement(By.xpath(".."))).selectByValue(endpoint);
      page.await(
          "the violation on the page",
          Duration.ofSeconds(60),
          "#drift-violations tr[data-check='baseline_drift_check'][data-feature='"
              + feature
              + "']");
      String card = ".feature-card[data-feature='" + feature + "']";
      browser.await(
          "the drift chart of " + feature + " marks the drifted window",
          Duration.ofSeconds(60),
          d ->
              page.find(card + ":not([data-drifted-windows='0'])")
                  .filter(c -> !c.findElements(By.cssSelector("canvas")).isEmpty())
                  .filter(c -> c.getText().contains("drifted"))
                  .orElse(null));

      // a few more windows, so that the chart shows the distance over time
      page.await(
          "three measured windows of " + feature,
          Duration.ofMinutes(3),
          card
              + ":not([data-measured-windows='0']):not([data-measured-windows='1'])"
              + ":not([data-measured-windows='2'])");
      page.find(card + " .chart-title a").orElseThrow().click();
      page.await(
          "the baseline vs current histogram of " + feature,
          Duration.ofSeconds(30),
          "#chart-distribution[data-feature='" + feature + "'] canvas");
      browser.screenshot(screenshots.resolve("drift.png"));
      assertThat(traffic.tally().ok()).isPositive();
    }
  }

  // ---- the stack through its APIs ----

  static boolean stepDone(String step) {
    String s = page.attribute("#timeline li[data-step='" + step + "']", "data-status");
    return "succeeded".equals(s) || "cached".equals(s);
  }

  static JsonNode driftViolation(String endpoint) {
    Http.Reply r =
        Http.get(stack.driftUrl() + "/drift/violations?endpoint=" + endpoint + "&limit=50", null);
    if (r.status() != 200) {
      return null;
    }
    for (JsonNode v : r.body()) {
      if (v.path("constraint_check_type").asText().equals("baseline_drift_check")) {
        return v;
      }
    }
    return null;
  }

  /**
   * Starts a txhousing run. The shared stack may have started one by itself meanwhile (drift from
   * the previous tests' shifted traffic reaches the new prod endpoint too): that one is cleared
   * away and the start is tried again.
   */
  static JsonNode startRun(Map<String, String> hyperparameters) {
    Map<String, Object> body = Map.of("dataset", "txhousing", "hyperparameters", hyperparameters);
    for (int attempt = 1; ; attempt++) {
      Http.Reply r = Http.post(stack.orchestratorUrl() + "/admin/runs", SystemStack.TOKEN, body);
      if (r.status() != 409 || attempt == 3) {
        assertThat(r.status()).as("POST /runs: %s", r.text()).isBetween(200, 299);
        return r.body();
      }
      awaitNoActiveRunOrCanary();
    }
  }

  static JsonNode latestRun() {
    JsonNode runs = stack.admin("/runs?dataset=txhousing&limit=1");
    return runs.isEmpty() ? null : runs.get(0);
  }

  /** Run alone, nothing serves yet: upload txhousing and approve its first version. */
  static void ensureAVersionInProduction() {
    JsonNode prod = stack.admin("/deployments").path("prod");
    if (!prod.isMissingNode() && !prod.isNull()) {
      return;
    }
    if (latestRun() == null) {
      stack.uploadTxhousing();
    }
    JsonNode waiting =
        await("the first run waits for approval")
            .atMost(Duration.ofMinutes(8))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                DashboardIT::latestRun,
                r ->
                    r != null
                        && Set.of("waiting_approval", "succeeded")
                            .contains(r.path("status").asText()));
    if (waiting.path("status").asText().equals("waiting_approval")) {
      stack.adminPost(
          "/models/" + waiting.path("model_version").asText() + "/approve",
          Map.of("comment", "first version", "by", "dashboard-it"));
    }
    await("a version in production")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> !stack.admin("/deployments").path("prod").isMissingNode());
  }

  /**
   * After other scenarios: a run they left waiting for approval is rejected (this class starts its
   * own), and whatever runs or bakes is awaited.
   */
  static void awaitNoActiveRunOrCanary() {
    await("no active txhousing run and no active canary")
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              JsonNode run = latestRun();
              if (run != null && run.path("status").asText().equals("waiting_approval")) {
                Http.post(
                    stack.orchestratorUrl()
                        + "/admin/models/"
                        + run.path("model_version").asText()
                        + "/reject",
                    SystemStack.TOKEN,
                    Map.of("comment", "cleared for the dashboard test", "by", "dashboard-it"));
                return false;
              }
              boolean runActive = run != null && ACTIVE.contains(run.path("status").asText());
              Http.Reply canary =
                  Http.get(stack.orchestratorUrl() + "/admin/canary", SystemStack.TOKEN);
              boolean canaryActive =
                  canary.status() == 200 && canary.body().path("active").asBoolean();
              return !runActive && !canaryActive;
            });
  }
}
