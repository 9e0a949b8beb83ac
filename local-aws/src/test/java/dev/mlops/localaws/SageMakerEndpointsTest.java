package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.capture.CaptureCodec;
import dev.mlops.contract.capture.CaptureRecord;
import dev.mlops.contract.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@org.junit.jupiter.api.extension.ExtendWith(Clients.Shared.class)
class SageMakerEndpointsTest {

  /**
   * One txhousing row in schema feature order: city, year, month, sales, volume, listings,
   * inventory.
   */
  static final String ROW = "Abilene,2010,6,150,21000000,800,5.5";

  static LocalAws aws;
  static SageMakerClient sm;
  static SageMakerRuntimeClient runtime;
  static S3Client s3;
  static SqsClient sqs;
  static String modelUri;

  @BeforeAll
  static void start() {
    aws = Clients.shared();
    sm = Clients.sageMaker(aws);
    runtime = Clients.runtime(aws);
    s3 = Clients.s3(aws);
    sqs = Clients.sqs(aws);
    modelUri = TrainedModel.modelUri(aws);
  }

  @AfterAll
  static void closeClients() {
    sm.close();
    runtime.close();
    s3.close();
    sqs.close();
  }

  static void createModel(String name, String image, String dataUrl) {
    sm.createModel(
        b ->
            b.modelName(name)
                .executionRoleArn(TrainedModel.ROLE)
                .primaryContainer(c -> c.image(image).modelDataUrl(dataUrl)));
  }

  static ProductionVariant variant(String name, String model, float weight, int count) {
    return ProductionVariant.builder()
        .variantName(name)
        .modelName(model)
        .initialInstanceCount(count)
        .instanceType("ml.m5.large")
        .initialVariantWeight(weight)
        .build();
  }

  static DescribeEndpointResponse awaitStatus(String endpoint, EndpointStatus... wanted) {
    return Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> sm.describeEndpoint(b -> b.endpointName(endpoint)),
            d -> List.of(wanted).contains(d.endpointStatus()));
  }

  @Test
  void twoVariantsSplitByWeightCaptureDataAndUpdate() throws Exception {
    createModel("txhousing-a", TrainedModel.IMAGE, modelUri);
    createModel("txhousing-b", TrainedModel.IMAGE, modelUri);
    sm.createEndpointConfig(
        b ->
            b.endpointConfigName("txhousing-canary")
                .productionVariants(
                    variant("stable", "txhousing-a", 90f, 1),
                    variant("canary", "txhousing-b", 10f, 1))
                .dataCaptureConfig(
                    d ->
                        d.enableCapture(true)
                            .initialSamplingPercentage(100)
                            .destinationS3Uri("s3://mlops-capture/datacapture")
                            .captureOptions(
                                o -> o.captureMode(CaptureMode.INPUT),
                                o -> o.captureMode(CaptureMode.OUTPUT))
                            .captureContentTypeHeader(h -> h.csvContentTypes("text/csv"))));
    sm.createEndpoint(b -> b.endpointName("txhousing-prod").endpointConfigName("txhousing-canary"));
    assertThat(sm.describeEndpoint(b -> b.endpointName("txhousing-prod")).endpointStatus())
        .isEqualTo(EndpointStatus.CREATING);
    DescribeEndpointResponse d =
        awaitStatus("txhousing-prod", EndpointStatus.IN_SERVICE, EndpointStatus.FAILED);
    assertThat(d.endpointStatus()).as("%s", d.failureReason()).isEqualTo(EndpointStatus.IN_SERVICE);
    assertThat(d.productionVariants())
        .extracting(v -> v.variantName() + "=" + v.currentWeight() + "x" + v.currentInstanceCount())
        .containsExactly("stable=90.0x1", "canary=10.0x1");
    assertThat(d.dataCaptureConfig().enableCapture()).isTrue();
    assertThat(d.dataCaptureConfig().destinationS3Uri())
        .isEqualTo("s3://mlops-capture/datacapture");

    Map<String, Integer> split = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      InvokeEndpointResponse r =
          runtime.invokeEndpoint(
              b ->
                  b.endpointName("txhousing-prod")
                      .contentType("text/csv")
                      .accept("text/csv")
                      .body(SdkBytes.fromUtf8String(ROW)));
      split.merge(r.invokedProductionVariant(), 1, Integer::sum);
      if (i == 0) {
        assertThat(Double.parseDouble(r.body().asUtf8String().trim())).isPositive();
        assertThat(r.contentType()).startsWith("text/csv");
      }
    }
    assertThat(split.get("stable") / 1000.0).isBetween(0.87, 0.93);
    assertThat(split.get("canary") / 1000.0).isBetween(0.07, 0.13);

    InvokeEndpointResponse targeted =
        runtime.invokeEndpoint(
            b ->
                b.endpointName("txhousing-prod")
                    .targetVariant("canary")
                    .contentType("application/json")
                    .accept("application/json")
                    .inferenceId("inference-42")
                    .body(
                        SdkBytes.fromUtf8String(
                            "{\"instances\":[{\"city\":\"Abilene\",\"year\":2010,\"month\":6,\"sales\":150,"
                                + "\"volume\":21000000,\"listings\":800,\"inventory\":5.5}]}")));
    assertThat(targeted.invokedProductionVariant()).isEqualTo("canary");
    assertThat(Json.mapper().readTree(targeted.body().asUtf8String()).get("predictions"))
        .hasSize(1);

    assertThatThrownBy(
            () ->
                runtime.invokeEndpoint(
                    b ->
                        b.endpointName("txhousing-prod")
                            .contentType("text/csv")
                            .body(SdkBytes.fromUtf8String("Abilene,not-a-year,6,1,2,3,4"))))
        .isInstanceOfSatisfying(
            ModelErrorException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(424);
              assertThat(e.originalStatusCode()).isEqualTo(400);
              assertThat(e.originalMessage()).isNotBlank();
              assertThat(e.logStreamArn()).contains("/aws/sagemaker/Endpoints/txhousing-prod");
            });

    // data capture: files under <destination>/<endpoint>/<variant>/yyyy/mm/dd/hh/, announced on SQS
    aws.sageMaker().flushCapture();
    List<String> keys =
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    s3
                        .listObjectsV2(
                            b -> b.bucket("mlops-capture").prefix("datacapture/txhousing-prod/"))
                        .contents()
                        .stream()
                        .map(S3Object::key)
                        .toList(),
                l ->
                    l.stream().anyMatch(k -> k.contains("/canary/"))
                        && l.stream().anyMatch(k -> k.contains("/stable/")));
    assertThat(keys)
        .allMatch(
            k ->
                k.matches(
                    "datacapture/txhousing-prod/(stable|canary)/\\d{4}/\\d\\d/\\d\\d/\\d\\d/\\d\\d-\\d\\d-\\d{3}-[0-9a-f-]{36}\\.jsonl"));
    List<CaptureRecord> records = new ArrayList<>();
    for (String k : keys) {
      for (String line :
          s3.getObjectAsBytes(b -> b.bucket("mlops-capture").key(k)).asUtf8String().split("\n")) {
        records.add(CaptureCodec.parse(line));
      }
    }
    assertThat(records).hasSize(1001);
    CaptureRecord json =
        records.stream()
            .filter(r -> "inference-42".equals(r.eventMetadata().inferenceId()))
            .findFirst()
            .orElseThrow();
    assertThat(json.captureData().endpointInput().encoding()).isEqualTo("BASE64");
    CaptureRecord csv =
        records.stream()
            .filter(r -> r.eventMetadata().inferenceId() == null)
            .findFirst()
            .orElseThrow();
    assertThat(csv.captureData().endpointInput().encoding()).isEqualTo("CSV");
    assertThat(csv.captureData().endpointInput().data()).isEqualTo(ROW);
    assertThat(csv.captureData().endpointOutput().mode()).isEqualTo("OUTPUT");

    String captureQueue = sqs.getQueueUrl(b -> b.queueName("capture-events")).queueUrl();
    List<String> announced = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (Message m :
                  sqs.receiveMessage(
                          b -> b.queueUrl(captureQueue).maxNumberOfMessages(10).waitTimeSeconds(1))
                      .messages()) {
                JsonNode r = Json.mapper().readTree(m.body()).get("Records").get(0);
                announced.add(r.at("/s3/object/key").asText());
                sqs.deleteMessage(x -> x.queueUrl(captureQueue).receiptHandle(m.receiptHandle()));
              }
              return announced.containsAll(keys);
            });

    // weights change at once
    sm.updateEndpointWeightsAndCapacities(
        b ->
            b.endpointName("txhousing-prod")
                .desiredWeightsAndCapacities(
                    w -> w.variantName("stable").desiredWeight(0f),
                    w -> w.variantName("canary").desiredWeight(1f)));
    for (int i = 0; i < 20; i++) {
      assertThat(
              runtime
                  .invokeEndpoint(
                      b ->
                          b.endpointName("txhousing-prod")
                              .contentType("text/csv")
                              .body(SdkBytes.fromUtf8String(ROW)))
                  .invokedProductionVariant())
          .isEqualTo("canary");
    }
    awaitStatus("txhousing-prod", EndpointStatus.IN_SERVICE);

    // capacity: a second canary instance starts, and the variant keeps serving
    sm.updateEndpointWeightsAndCapacities(
        b ->
            b.endpointName("txhousing-prod")
                .desiredWeightsAndCapacities(w -> w.variantName("canary").desiredInstanceCount(2)));
    d = awaitStatus("txhousing-prod", EndpointStatus.IN_SERVICE);
    assertThat(d.productionVariants())
        .extracting(v -> v.variantName() + "=" + v.currentWeight() + "x" + v.currentInstanceCount())
        .containsExactly("stable=0.0x1", "canary=1.0x2");
    for (int i = 0; i < 4; i++) {
      assertThat(
              runtime
                  .invokeEndpoint(
                      b ->
                          b.endpointName("txhousing-prod")
                              .contentType("text/csv")
                              .body(SdkBytes.fromUtf8String(ROW)))
                  .invokedProductionVariant())
          .isEqualTo("canary");
    }

    // update to a one-variant configuration: new processes first, then the switch
    sm.createEndpointConfig(
        b ->
            b.endpointConfigName("txhousing-promoted")
                .productionVariants(variant("promoted", "txhousing-b", 1f, 1)));
    sm.updateEndpoint(
        b -> b.endpointName("txhousing-prod").endpointConfigName("txhousing-promoted"));
    assertThat(sm.describeEndpoint(b -> b.endpointName("txhousing-prod")).endpointStatus())
        .isEqualTo(EndpointStatus.UPDATING);
    d = awaitStatus("txhousing-prod", EndpointStatus.IN_SERVICE);
    assertThat(d.endpointConfigName()).isEqualTo("txhousing-promoted");
    assertThat(d.productionVariants()).extracting(v -> v.variantName()).containsExactly("promoted");
    assertThat(
            runtime
                .invokeEndpoint(
                    b ->
                        b.endpointName("txhousing-prod")
                            .contentType("text/csv")
                            .body(SdkBytes.fromUtf8String(ROW)))
                .invokedProductionVariant())
        .isEqualTo("promoted");
    assertThat(sm.listEndpoints(b -> b.nameContains("txhousing-prod")).endpoints())
        .extracting(e -> e.endpointName() + ":" + e.endpointStatus())
        .containsExactly("txhousing-prod:InService");

    sm.deleteEndpoint(b -> b.endpointName("txhousing-prod"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try {
                sm.describeEndpoint(b -> b.endpointName("txhousing-prod"));
                return false;
              } catch (SageMakerException e) {
                return e.awsErrorDetails().errorMessage().contains("Could not find endpoint");
              }
            });
  }

  @Test
  void anEndpointWhoseContainerCannotStartFails() {
    createModel("broken-model", "local/broken:latest", modelUri);
    sm.createEndpointConfig(
        b ->
            b.endpointConfigName("broken-config")
                .productionVariants(variant("only", "broken-model", 1f, 1)));
    sm.createEndpoint(b -> b.endpointName("broken-endpoint").endpointConfigName("broken-config"));
    DescribeEndpointResponse d =
        awaitStatus("broken-endpoint", EndpointStatus.FAILED, EndpointStatus.IN_SERVICE);
    assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.FAILED);
    assertThat(d.failureReason()).contains("exited with code 3: cannot start (log: ");
    sm.deleteEndpoint(b -> b.endpointName("broken-endpoint"));
  }

  @Test
  void badRequestsGetAwsShapedErrors() {
    assertThatThrownBy(() -> sm.describeEndpoint(b -> b.endpointName("no-such-endpoint")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "Could not find endpoint \"arn:aws:sagemaker:us-east-1:000000000000:endpoint/no-such-endpoint\".");
            });
    assertThatThrownBy(
            () ->
                runtime.invokeEndpoint(
                    b ->
                        b.endpointName("no-such-endpoint")
                            .contentType("text/csv")
                            .body(SdkBytes.fromUtf8String(ROW))))
        .isInstanceOf(ValidationErrorException.class)
        .hasMessageContaining("Endpoint no-such-endpoint of account 000000000000 not found");
    createModel("duplicate-model", TrainedModel.IMAGE, modelUri);
    assertThatThrownBy(() -> createModel("duplicate-model", TrainedModel.IMAGE, modelUri))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("Cannot create already existing model"));
    assertThatThrownBy(
            () ->
                sm.createEndpointConfig(
                    b ->
                        b.endpointConfigName("needs-model")
                            .productionVariants(variant("v", "no-such-model", 1f, 1))))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Could not find model"));
    assertThatThrownBy(
            () -> sm.createEndpoint(b -> b.endpointName("x").endpointConfigName("no-such-config")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("Could not find endpoint configuration"));
    assertThatThrownBy(() -> sm.createEndpointConfig(b -> b.endpointConfigName("no-variants")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("productionVariants"));
    sm.createEndpointConfig(
        b ->
            b.endpointConfigName("too-big")
                .productionVariants(variant("v", "duplicate-model", 1f, 40)));
    assertThatThrownBy(
            () -> sm.createEndpoint(b -> b.endpointName("too-big").endpointConfigName("too-big")))
        .isInstanceOf(ResourceLimitExceededException.class);
  }
}
