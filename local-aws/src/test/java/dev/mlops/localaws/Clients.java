package dev.mlops.localaws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real AWS SDK clients, configured as our services configure them: only the endpoint differs
 * (and S3 uses path-style addressing).
 */
final class Clients {

  private Clients() {}

  /**
   * One local-aws for the test classes that can share it, kept in JUnit's root store so that JUnit
   * closes it (and deletes its folder) when the test run ends, before the JVM is asked to exit.
   */
  static LocalAws shared() {
    return shared;
  }

  private static volatile LocalAws shared;

  /** Starts the shared local-aws for a test class (once per run). */
  static final class Shared implements org.junit.jupiter.api.extension.BeforeAllCallback {
    @Override
    public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      context
          .getRoot()
          .getStore(org.junit.jupiter.api.extension.ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent("local-aws", k -> new Running(), Running.class);
    }
  }

  private static final class Running
      implements org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource {
    private final Path dir;
    private final LocalAws aws;

    Running() {
      try {
        dir = Files.createTempDirectory("local-aws-test");
        LocalAwsMain.configureLogging();
        aws = LocalAws.start(testOptions(dir));
        shared = aws;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      aws.close();
      delete(dir);
    }
  }

  /**
   * The built-in configuration plus two test images: {@code local/sleeper} (a job that runs until
   * stopped) and {@code local/broken} (a container that exits at once).
   */
  static LocalAwsOptions testOptions(Path dir) throws java.io.IOException {
    Path sleeper = dir.resolve("sleeper.sh");
    Files.writeString(sleeper, "#!/bin/sh\nexec sleep 120\n");
    sleeper.toFile().setExecutable(true);
    Path broken = dir.resolve("broken.sh");
    Files.writeString(broken, "#!/bin/sh\necho 'cannot start' >&2\nexit 3\n");
    broken.toFile().setExecutable(true);
    LocalAwsConfig b = LocalAwsConfig.builtIn();
    LocalAwsConfig c =
        new LocalAwsConfig(
            b.queues(),
            b.buckets(),
            b.notifications(),
            b.topics(),
            java.util.Map.of(
                "local/sleeper:latest",
                sleeper.toString(),
                "local/broken:latest",
                broken.toString()));
    return LocalAwsOptions.forTest(dir).withConfig(c);
  }

  static void delete(Path dir) {
    // twice: a store may still write a file while the first pass runs
    for (int pass = 0; pass < 2 && Files.exists(dir); pass++) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private static final StaticCredentialsProvider CREDS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  static S3Client s3(LocalAws aws) {
    return S3Client.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDS)
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static SqsClient sqs(LocalAws aws) {
    return SqsClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static SnsClient sns(LocalAws aws) {
    return SnsClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static SageMakerClient sageMaker(LocalAws aws) {
    return SageMakerClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient
      autoscaling(LocalAws aws) {
    return software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient
        .builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static SageMakerRuntimeClient runtime(LocalAws aws) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
