package dev.mlops.gateway.testing;

import dev.mlops.contract.json.Json;
import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.contract.routing.RoutingPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Real model endpoints behind the gateway under test, in the JVM's local-aws: the anchor XGBoost
 * model (8 numeric features f0..f7, from the model container's tests) packed with a schema and an
 * encoding as a training job would, served by three endpoints (stable, canary, shadow) created
 * through the SageMaker API as the orchestrator does. Created once per JVM.
 */
public final class LocalEndpoints {

  public static final String STABLE = "gw-it-stable";
  public static final String CANARY = "gw-it-canary";
  public static final String SHADOW = "gw-it-shadow";
  public static final String BUCKET = "mlops-artifacts";
  public static final String SCHEMA_URI = "s3://" + BUCKET + "/models/gw-anchor/schema.json";

  /** A schema that names a ninth feature the model does not take: its rows make the model fail. */
  public static final String WRONG_SCHEMA_URI = "s3://" + BUCKET + "/models/gw-wrong/schema.json";

  static final String IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/mlops-model:latest";
  static final String ROLE = "arn:aws:iam::000000000000:role/sagemaker";

  private static final AtomicLong VERSION = new AtomicLong();
  private static boolean ready;

  private LocalEndpoints() {}

  /**
   * The endpoints, created on first use (about a minute on 2 cores). Quarkus loads this class again
   * for a test profile while local-aws is shared by the JVM, so endpoints that exist are reused.
   */
  public static synchronized void ensure() {
    if (ready) {
      return;
    }
    try (S3Client s3 = s3();
        SageMakerClient sm = sageMaker()) {
      boolean created =
          sm.listEndpoints(b -> b.nameContains("gw-it-")).endpoints().stream()
                  .filter(e -> List.of(STABLE, CANARY, SHADOW).contains(e.endpointName()))
                  .count()
              == 3;
      if (created) {
        awaitInService(sm);
        ready = true;
        return;
      }
      Path dir = Files.createTempDirectory("gw-anchor");
      Files.copy(anchorModel(), dir.resolve("model.json"));
      Files.writeString(dir.resolve("schema.json"), schemaJson(8));
      Files.writeString(dir.resolve("encoding.json"), encodingJson());
      Path archive = dir.resolve("model.tar.gz");
      Process tar =
          new ProcessBuilder(
                  "tar",
                  "-czf",
                  archive.toString(),
                  "-C",
                  dir.toString(),
                  "model.json",
                  "schema.json",
                  "encoding.json")
              .inheritIO()
              .start();
      if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
        throw new IllegalStateException("tar failed");
      }
      s3.putObject(
          b -> b.bucket(BUCKET).key("models/gw-anchor/model.tar.gz"),
          RequestBody.fromFile(archive));
      s3.putObject(
          b -> b.bucket(BUCKET).key("models/gw-anchor/schema.json"),
          RequestBody.fromFile(dir.resolve("schema.json")));
      s3.putObject(
          b -> b.bucket(BUCKET).key("models/gw-anchor/encoding.json"),
          RequestBody.fromFile(dir.resolve("encoding.json")));
      s3.putObject(
          b -> b.bucket(BUCKET).key("models/gw-wrong/schema.json"),
          RequestBody.fromString(schemaJson(9)));
      sm.createModel(
          b ->
              b.modelName("gw-anchor")
                  .executionRoleArn(ROLE)
                  .primaryContainer(
                      c ->
                          c.image(IMAGE)
                              .modelDataUrl("s3://" + BUCKET + "/models/gw-anchor/model.tar.gz")));
      for (String endpoint : List.of(STABLE, CANARY, SHADOW)) {
        sm.createEndpointConfig(
            b ->
                b.endpointConfigName(endpoint)
                    .productionVariants(
                        v ->
                            v.variantName("AllTraffic")
                                .modelName("gw-anchor")
                                .initialInstanceCount(1)
                                .instanceType("ml.m5.large")
                                .initialVariantWeight(1f)));
        sm.createEndpoint(b -> b.endpointName(endpoint).endpointConfigName(endpoint));
      }
      awaitInService(sm);
      ready = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitInService(SageMakerClient sm) {
    for (String endpoint : List.of(STABLE, CANARY, SHADOW)) {
      EndpointStatus status =
          Awaitility.await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> sm.describeEndpoint(b -> b.endpointName(endpoint)).endpointStatus(),
                  s -> s == EndpointStatus.IN_SERVICE || s == EndpointStatus.FAILED);
      if (status != EndpointStatus.IN_SERVICE) {
        throw new IllegalStateException(
            endpoint
                + " failed: "
                + sm.describeEndpoint(b -> b.endpointName(endpoint)).failureReason());
      }
    }
  }

  /** A target for one of the endpoints, with the anchor schema. */
  public static RoutingPolicy.Target target(String endpoint, String version) {
    return new RoutingPolicy.Target(endpoint, version, SCHEMA_URI);
  }

  /**
   * Writes a policy with a version above the one in S3 (an earlier Quarkus start of this JVM may
   * have written higher ones) and returns that version.
   */
  public static synchronized long writePolicy(
      RoutingPolicy.Target stable,
      RoutingPolicy.Target canary,
      double canaryWeight,
      RoutingPolicy.Target shadow,
      String stickyHeader) {
    try (S3Client s3 = s3()) {
      try {
        long current =
            RoutingPolicy.parse(
                    s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(RoutingPolicy.KEY)).asByteArray())
                .version();
        VERSION.accumulateAndGet(current, Math::max);
      } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
        // the first policy
      }
    }
    long version = VERSION.incrementAndGet();
    RoutingPolicy p =
        new RoutingPolicy(
            version, stable, canary, canaryWeight, shadow, stickyHeader, "2026-01-01T00:00:00Z");
    try (S3Client s3 = s3()) {
      s3.putObject(b -> b.bucket(BUCKET).key(RoutingPolicy.KEY), RequestBody.fromBytes(p.toJson()));
    }
    return version;
  }

  /** The stable-only policy most tests run under. */
  public static long writeStableOnly() {
    return writePolicy(target(STABLE, "v1"), null, 0, null, null);
  }

  /** Reads (and deletes) every window waiting in {@code gateway-metrics}. */
  public static List<GatewayWindow> drainWindows() {
    List<GatewayWindow> windows = new ArrayList<>();
    try (SqsClient sqs = sqs()) {
      String url = sqs.getQueueUrl(b -> b.queueName("gateway-metrics")).queueUrl();
      while (true) {
        List<Message> batch =
            sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
        if (batch.isEmpty()) {
          return windows;
        }
        for (Message m : batch) {
          windows.add(GatewayWindow.parse(m.body().getBytes(StandardCharsets.UTF_8)));
          sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
      }
    }
  }

  /** The anchor model's golden rows: eight features and the prediction XGBoost made. */
  public static List<double[]> goldenRows() {
    try {
      List<String> lines =
          Files.readAllLines(anchorModel().resolveSibling("golden.csv"), StandardCharsets.UTF_8);
      List<double[]> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          String[] f = line.split(",");
          double[] row = new double[f.length];
          for (int i = 0; i < f.length; i++) {
            row[i] = Double.parseDouble(f[i]);
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"instances": [...]}} for golden rows. */
  public static String instances(List<double[]> rows) {
    StringBuilder s = new StringBuilder("{\"instances\":[");
    for (int r = 0; r < rows.size(); r++) {
      s.append(r == 0 ? "{" : ",{");
      for (int i = 0; i < 8; i++) {
        s.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(rows.get(r)[i]);
      }
      s.append('}');
    }
    return s.append("]}").toString();
  }

  static Path anchorModel() {
    return Path.of(System.getProperty("repo.root", "../.."))
        .resolve("containers/model/src/test/resources/anchor/model.json");
  }

  static String schemaJson(int features) {
    List<Map<String, String>> list = new ArrayList<>();
    for (int i = 0; i < features; i++) {
      list.add(Map.of("name", "f" + i, "type", "numeric"));
    }
    return Json.string(
        Map.of("name", "anchor", "problem_type", "regression", "target", "y", "features", list));
  }

  static String encodingJson() {
    List<Map<String, String>> list = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      list.add(Map.of("name", "f" + i, "type", "numeric"));
    }
    return Json.string(Map.of("features", list, "unknown_category", "missing"));
  }

  static String endpointOverride() {
    return ConfigProvider.getConfig().getValue("quarkus.s3.endpoint-override", String.class);
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }

  public static S3Client s3() {
    return S3Client.builder()
        .endpointOverride(URI.create(endpointOverride()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static SageMakerClient sageMaker() {
    return SageMakerClient.builder()
        .endpointOverride(URI.create(endpointOverride()))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(URI.create(endpointOverride()))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
