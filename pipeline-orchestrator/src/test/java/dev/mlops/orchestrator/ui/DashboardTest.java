package dev.mlops.orchestrator.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's page is served without a token; its drift calls go through the orchestrator and
 * need the admin token; a drift monitor that is down is a problem+json 502 (the %test profile
 * points at a port where nothing listens).
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "orchestrator"))
class DashboardTest {

  static final String TOKEN = "Bearer test-token";

  @Test
  void thePageAndItsScriptsAreServedWithoutAToken() {
    given()
        .get("/ui/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .body(containsString("<script type=\"module\" src=\"js/app.js\"></script>"));
    given().get("/ui/js/app.js").then().statusCode(200).body(containsString("session.token"));
    given().get("/ui/vendor/uPlot.esm.js").then().statusCode(200).body(containsString("v1.6.32"));
    given()
        .config(
            RestAssuredConfig.config()
                .redirect(RedirectConfig.redirectConfig().followRedirects(false)))
        .get("/ui")
        .then()
        .statusCode(302)
        .header("Location", endsWith("ui/"));
  }

  @Test
  void driftCallsNeedTheAdminToken() {
    for (String path :
        new String[] {
          "/admin/drift/windows",
          "/admin/drift/windows/w-1",
          "/admin/drift/features/year",
          "/admin/drift/distributions/year",
          "/admin/drift/violations",
          "/admin/ui/settings"
        }) {
      given()
          .get(path)
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", containsString("Bearer"));
      given().header("Authorization", "Bearer wrong").get(path).then().statusCode(401);
    }
  }

  @Test
  void aDriftMonitorThatIsDownIsABadGatewayProblem() {
    given()
        .header("Authorization", TOKEN)
        .get("/admin/drift/features/year?limit=5")
        .then()
        .statusCode(502)
        .contentType("application/problem+json")
        .body("status", equalTo(502))
        .body("title", equalTo("Bad Gateway"))
        .body("detail", containsString("drift monitor"))
        .body("instance", equalTo("/admin/drift/features/year"));
  }

  @Test
  void theSettingsTellThePageHowToRefreshAndLinkLogs() {
    given()
        .header("Authorization", TOKEN)
        .get("/admin/ui/settings")
        .then()
        .statusCode(200)
        .body("region", equalTo("us-east-1"))
        .body("refresh_seconds", equalTo(3.0f))
        .body("logs_link", containsString("{group}"))
        .body("logs_link", containsString("log-events$3FlogStreamNameFilter$3D{stream}"));
  }
}
