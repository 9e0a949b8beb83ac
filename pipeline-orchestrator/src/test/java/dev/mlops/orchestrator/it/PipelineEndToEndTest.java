package dev.mlops.orchestrator.it;

import static dev.mlops.orchestrator.it.Fixtures.admin;
import static dev.mlops.orchestrator.it.Fixtures.run;
import static dev.mlops.orchestrator.it.Fixtures.runsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The whole pipeline against local-aws with the real model container: an upload starts a run that
 * reaches approval, an approval puts it in production (the first version switches at once, with
 * nothing to compare a canary with); a crippled model fails the gate and leaves production alone.
 * Ordered: the gate test compares against the production model of the first. Later versions go
 * through a canary: {@link CanaryPromotionTest}.
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1) // before CanaryPromotionTest, which builds on its production version
class PipelineEndToEndTest {

  static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  @Inject S3Client s3;
  @Inject SageMakerClient sageMaker;
  @Inject SageMakerRuntimeClient runtime;

  static String version;
  static String prodEndpoint;

  @Test
  @Order(1)
  void anUploadRunsThePipelineToApprovalAndAnApprovalToProduction() throws Exception {
    Fixtures.uploadTxhousing(s3);

    String id =
        await("a run started by the upload")
            .atMost(Duration.ofSeconds(60))
            .until(() -> runsOf("txhousing"), r -> !r.isEmpty())
            .get(0)
            .get("id")
            .toString();
    JsonPath waiting =
        await("the run waits for approval")
            .atMost(RUN_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> run(id), r -> terminalOr(r, "waiting_approval"));
    assertThat(waiting.getString("status")).as(waiting.prettify()).isEqualTo("waiting_approval");
    assertThat(waiting.getString("trigger")).isEqualTo("upload");
    assertThat(waiting.getList("steps.status"))
        .containsExactly(
            "succeeded",
            "succeeded",
            "succeeded",
            "succeeded",
            "succeeded",
            "succeeded",
            "running",
            "pending",
            "pending");
    assertThat(waiting.getString("steps[1].job_name"))
        .isEqualTo("mlops-" + waiting.getString("short_id") + "-train-a1");
    assertThat(waiting.getString("steps[1].logs.cloudwatch_log_group"))
        .isEqualTo("/aws/sagemaker/TrainingJobs");
    version = waiting.getString("model_version");

    JsonPath model =
        admin().get("/admin/models/" + version).then().statusCode(200).extract().jsonPath();
    assertThat(model.getString("approval_status")).isEqualTo("PendingManualApproval");
    assertThat(model.getString("dataset_uri")).isEqualTo("s3://mlops-data/datasets/txhousing/");
    assertThat(model.getString("dataset_hash")).startsWith("sha256:");
    assertThat(model.getString("train_data_sha256")).hasSize(64);
    assertThat(model.getDouble("metrics.r2")).isGreaterThan(0.5);
    assertThat(model.getString("hyperparameters.num_round")).isEqualTo("100");
    // the model's schema and baseline sit next to it for readers that do not untar
    assertThat(bytes("models/" + version + "/schema.json")).contains("\"median\"");
    assertThat(bytes("models/" + version + "/baseline/statistics.json")).isNotEmpty();
    String devEndpoint = "mlops-dev-" + version;
    assertThat(sageMaker.describeEndpoint(b -> b.endpointName(devEndpoint)).endpointStatus())
        .isEqualTo(EndpointStatus.IN_SERVICE);

    admin()
        .contentType("application/json")
        .body(Map.of("comment", "good enough for Texas", "by", "ana"))
        .post("/admin/models/" + version + "/approve")
        .then()
        .statusCode(200)
        .body("approval_status", equalTo("Approved"))
        .body("approval_by", equalTo("ana"));

    JsonPath done =
        await("the run deploys to production")
            .atMost(RUN_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> run(id), r -> terminalOr(r, "succeeded"));
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");

    prodEndpoint = "mlops-prod-" + version;
    DescribeEndpointResponse prod = sageMaker.describeEndpoint(b -> b.endpointName(prodEndpoint));
    assertThat(prod.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
    DescribeEndpointConfigResponse config =
        sageMaker.describeEndpointConfig(b -> b.endpointConfigName(prod.endpointConfigName()));
    assertThat(config.dataCaptureConfig().enableCapture()).isTrue();
    assertThat(config.dataCaptureConfig().initialSamplingPercentage()).isEqualTo(100);
    assertThat(config.dataCaptureConfig().destinationS3Uri()).isEqualTo("s3://mlops-capture/");

    String rows = "Austin,2015,6,3000,900000000,9000,2.5\nAbilene,2001,1,80,6000000,800,6.0\n";
    String answer =
        runtime
            .invokeEndpoint(
                b ->
                    b.endpointName(prodEndpoint)
                        .contentType("text/csv")
                        .body(SdkBytes.fromUtf8String(rows)))
            .body()
            .asUtf8String();
    List<String> predictions = answer.lines().filter(l -> !l.isBlank()).toList();
    assertThat(predictions).hasSize(2);
    assertThat(Double.parseDouble(predictions.get(0)))
        .isGreaterThan(Double.parseDouble(predictions.get(1)));

    RoutingPolicy policy = RoutingPolicy.parse(bytesOf("routing/policy.json"));
    assertThat(policy.stable().endpoint()).isEqualTo(prodEndpoint);
    assertThat(policy.stable().modelVersion()).isEqualTo(version);
    assertThat(policy.stable().schemaUri())
        .isEqualTo("s3://mlops-artifacts/models/" + version + "/schema.json");
    EndpointManifest manifest = EndpointManifest.parse(bytesOf(EndpointManifest.key(prodEndpoint)));
    assertThat(manifest.stage()).isEqualTo("prod");
    assertThat(manifest.dataset()).isEqualTo("txhousing");
    assertThat(manifest.baselineUri())
        .isEqualTo("s3://mlops-artifacts/models/" + version + "/baseline/");

    admin()
        .get("/admin/deployments")
        .then()
        .statusCode(200)
        .body("prod.endpoint", equalTo(prodEndpoint))
        .body("prod.status", equalTo("active"))
        .body("dev.endpoint", equalTo(devEndpoint))
        .body("routing_policy.stable.endpoint", equalTo(prodEndpoint));
    // the first production version has nothing to be compared with: no canary
    admin()
        .get("/admin/canary")
        .then()
        .statusCode(200)
        .body("active", equalTo(false))
        .body("canary", nullValue())
        .body("settings.steps", equalTo(List.of(10, 50, 100)));
  }

  @Test
  @Order(2)
  void aCrippledModelFailsTheGateAndProductionStaysAsItWas() {
    long policyBefore = RoutingPolicy.parse(bytesOf("routing/policy.json")).version();
    String id =
        admin()
            .contentType("application/json")
            .body(
                Map.of(
                    "dataset",
                    "txhousing",
                    "hyperparameters",
                    Map.of("num_round", 1, "max_depth", 1, "eta", 0.01)))
            .post("/admin/runs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    JsonPath failed =
        await("the gate fails the run")
            .atMost(RUN_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> run(id), r -> terminalOr(r, "failed"));
    assertThat(failed.getString("status")).as(failed.prettify()).isEqualTo("failed");
    assertThat(failed.getString("current_step")).isEqualTo("gate");
    assertThat(failed.getString("failure_reason")).startsWith("gate failed: r2");
    // same data, schema and image as the first run: preprocessing was reused
    assertThat(failed.getString("steps[0].status")).isEqualTo("cached");
    assertThat(failed.getString("steps[1].status")).isEqualTo("succeeded");
    assertThat(failed.getString("model_version")).isNull();

    RoutingPolicy policy = RoutingPolicy.parse(bytesOf("routing/policy.json"));
    assertThat(policy.version()).isEqualTo(policyBefore);
    assertThat(policy.stable().endpoint()).isEqualTo(prodEndpoint);
    admin()
        .get("/admin/deployments")
        .then()
        .statusCode(200)
        .body("prod.model_version", equalTo(version));
    admin().get("/admin/models").then().statusCode(200).body("size()", equalTo(1));
  }

  @Test
  @Order(3)
  void withOneVersionInProductionThereIsNothingToRollBackTo() {
    admin()
        .contentType("application/json")
        .body(Map.of("comment", "just checking"))
        .post("/admin/deployments/prod/rollback")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("no previous prod endpoint"));
  }

  private static boolean terminalOr(JsonPath run, String status) {
    String s = run.getString("status");
    return s.equals(status)
        || s.equals("failed")
        || s.equals("succeeded")
        || s.equals("cancelled")
        || s.equals("rejected");
  }

  private String bytes(String key) {
    return new String(bytesOf(key), StandardCharsets.UTF_8);
  }

  private byte[] bytesOf(String key) {
    return s3.getObjectAsBytes(b -> b.bucket("mlops-artifacts").key(key)).asByteArray();
  }
}
