package dev.mlops.drift.it;

import dev.mlops.contract.csv.CsvParser;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.drift.Txhousing;
import dev.mlops.localaws.testkit.LocalAwsProcess;
import dev.mlops.localaws.testkit.TxhousingModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * A txhousing endpoint with 100 % data capture, deployed as the orchestrator deploys one: the
 * testkit's trained model, the model's schema and baseline copied to {@code models/<version>/},
 * CreateModel, CreateEndpointConfig with DataCaptureConfig, CreateEndpoint, and the endpoint
 * manifest in the artifacts bucket.
 */
public final class TxhousingEndpoint {

  public static final String ARTIFACTS = "mlops-artifacts";

  private final String name;
  private final SageMakerRuntimeClient runtime;
  private final List<String> trainingRows;

  private TxhousingEndpoint(String name, SageMakerRuntimeClient runtime, List<String> rows) {
    this.name = name;
    this.runtime = runtime;
    this.trainingRows = rows;
  }

  public static TxhousingEndpoint deploy(LocalAwsProcess aws, String endpoint, String version) {
    String modelData = TxhousingModel.modelDataUrl(aws);
    S3Client s3 = LocalAwsClients.s3(aws);
    String prefix = TxhousingModel.PREPROCESSED.substring("s3://mlops-artifacts/".length());
    String models = "models/" + version + "/";
    copy(s3, prefix + "/schema/schema.json", models + "schema.json");
    for (String f : List.of("statistics.json", "constraints.json", "baseline-sketches.json")) {
      copy(s3, prefix + "/baseline/" + f, models + "baseline/" + f);
    }

    SageMakerClient sm = LocalAwsClients.sageMaker(aws);
    String model = endpoint + "-model";
    sm.createModel(
        m ->
            m.modelName(model)
                .executionRoleArn(TxhousingModel.ROLE)
                .primaryContainer(c -> c.image(TxhousingModel.IMAGE).modelDataUrl(modelData)));
    sm.createEndpointConfig(
        c ->
            c.endpointConfigName(endpoint + "-config")
                .productionVariants(
                    v ->
                        v.variantName("AllTraffic")
                            .modelName(model)
                            .initialInstanceCount(1)
                            .instanceType("ml.m5.large")
                            .initialVariantWeight(1f))
                .dataCaptureConfig(
                    d ->
                        d.enableCapture(true)
                            .initialSamplingPercentage(100)
                            .destinationS3Uri("s3://mlops-capture/")
                            .captureOptions(
                                o -> o.captureMode(CaptureMode.INPUT),
                                o -> o.captureMode(CaptureMode.OUTPUT))
                            .captureContentTypeHeader(
                                h ->
                                    h.csvContentTypes("text/csv")
                                        .jsonContentTypes("application/json"))));
    sm.createEndpoint(e -> e.endpointName(endpoint).endpointConfigName(endpoint + "-config"));
    Awaitility.await("endpoint " + endpoint + " in service")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              EndpointStatus s =
                  sm.describeEndpoint(d -> d.endpointName(endpoint)).endpointStatus();
              if (s == EndpointStatus.FAILED) {
                throw new IllegalStateException("endpoint " + endpoint + " failed");
              }
              return s == EndpointStatus.IN_SERVICE;
            });

    EndpointManifest manifest =
        new EndpointManifest(
            endpoint,
            version,
            "prod",
            "txhousing",
            "s3://mlops-artifacts/testkit/input/data/",
            "s3://" + ARTIFACTS + "/" + models + "schema.json",
            "s3://" + ARTIFACTS + "/" + models + "baseline/",
            modelData,
            Instant.now().toString());
    s3.putObject(
        p ->
            p.bucket(ARTIFACTS).key(EndpointManifest.key(endpoint)).contentType("application/json"),
        RequestBody.fromBytes(manifest.toJson()));
    return new TxhousingEndpoint(endpoint, LocalAwsClients.runtime(aws), trainingRows(s3, prefix));
  }

  private static void copy(S3Client s3, String from, String to) {
    s3.copyObject(
        c ->
            c.sourceBucket(ARTIFACTS)
                .sourceKey(from)
                .destinationBucket(ARTIFACTS)
                .destinationKey(to));
  }

  /** The rows the model was trained on, as CSV requests (features in schema order). */
  private static List<String> trainingRows(S3Client s3, String prefix) {
    DatasetSchema schema = Txhousing.schema();
    List<String> out = new ArrayList<>();
    for (S3Object o :
        s3.listObjectsV2(l -> l.bucket(ARTIFACTS).prefix(prefix + "/train/")).contents()) {
      String text =
          s3.getObjectAsBytes(g -> g.bucket(ARTIFACTS).key(o.key()))
              .asString(StandardCharsets.UTF_8);
      CsvTable t = CsvTable.parse(text);
      for (int r = 0; r < t.size(); r++) {
        List<String> fields = new ArrayList<>();
        for (String f : schema.featureNames()) {
          fields.add(CsvParser.quote(t.get(r, t.column(f))));
        }
        out.add(String.join(",", fields));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no training split under " + prefix + "/train/");
    }
    return out;
  }

  public String name() {
    return name;
  }

  /** The training split's rows: in-distribution traffic by definition. */
  public List<String> trainingRows() {
    return trainingRows;
  }

  /** One InvokeEndpoint with a CSV row, as a client would; returns the prediction. */
  public String invoke(String csvRow) {
    return runtime
        .invokeEndpoint(
            r ->
                r.endpointName(name)
                    .contentType("text/csv")
                    .accept("text/csv")
                    .body(SdkBytes.fromUtf8String(csvRow)))
        .body()
        .asUtf8String();
  }
}
