package dev.mlops.drift.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The read API's errors are RFC 9457 problem details; OpenAPI and health are served. */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "drift"))
class DriftApiTest {

  @Test
  void unknownWindowIsAProblem404() {
    given()
        .get("/drift/windows/no-such-window")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("title", equalTo("Not found"))
        .body("detail", containsString("no-such-window"))
        .body("instance", equalTo("/drift/windows/no-such-window"));
  }

  @Test
  void badLimitsAreTheCallersMistake() {
    for (String limit : new String[] {"0", "1001", "ten", "-3"}) {
      given()
          .queryParam("limit", limit)
          .get("/drift/windows")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString("limit must be a whole number from 1 to 1000"));
    }
    given().queryParam("limit", "5").get("/drift/violations").then().statusCode(200);
  }

  @Test
  void aFeatureNoWindowMeasuredIsA404() {
    given()
        .get("/drift/features/no_such_feature")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no_such_feature"));
  }

  @Test
  void unknownPathsAndMethodsAreProblemsToo() {
    given()
        .get("/drift/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().delete("/drift/windows").then().statusCode(405).contentType("application/problem+json");
  }

  @Test
  void openApiAndHealthAreServed() {
    given().get("/q/openapi").then().statusCode(200).body(containsString("/drift/windows/{id}"));
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
