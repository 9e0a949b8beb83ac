package dev.mlops.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole system as a user starts it: {@code ./mlops up} (local-aws, orchestrator, gateway, drift
 * monitor as processes) on free ports and its own data folder, so it runs beside a developer's own
 * stack. One per test JVM, shared by every scenario; stopped the way a user stops it (SIGTERM to
 * {@code ./mlops up}, which stops everything it started).
 *
 * <p>Two extra model images are mapped in local-aws's configuration to a container that trains,
 * evaluates and preprocesses like the real one but serves badly ({@link
 * dev.mlops.system.faults.FaultyContainer}): the canary scenarios deploy them.
 */
public final class SystemStack implements AutoCloseable {

  public static final String TOKEN = "system-test-token";
  public static final String FAULTY_ERRORS_IMAGE = "mlops-model:faulty-errors";
  public static final String FAULTY_CONSTANT_IMAGE = "mlops-model:faulty-constant";

  /** A queue subscribed to the alerts topic, so scenarios can read the e-mails. */
  public static final String ALERTS_OBSERVER_QUEUE = "alerts-observer";

  /** Canary analysis interval of the test stack; rollbacks must come within two. */
  public static final Duration CANARY_INTERVAL = Duration.ofSeconds(20);

  private static SystemStack shared;

  private final Process up;
  private final Path data;
  private final int awsPort;
  private final int gatewayPort;
  private final int orchestratorPort;
  private final int driftPort;

  private SystemStack(
      Process up, Path data, int awsPort, int gatewayPort, int orchestratorPort, int driftPort) {
    this.up = up;
    this.data = data;
    this.awsPort = awsPort;
    this.gatewayPort = gatewayPort;
    this.orchestratorPort = orchestratorPort;
    this.driftPort = driftPort;
  }

  public static synchronized SystemStack shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "system-stack-stop"));
    }
    return shared;
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
  }

  private static SystemStack start() {
    try {
      Path data = repoRoot().resolve("system-tests/target/stack");
      deleteTree(data);
      Files.createDirectories(data);
      int aws = freePort();
      int gateway = freePort();
      int orchestrator = freePort();
      int drift = freePort();
      Path config = data.resolve("local-aws-config.json");
      Files.writeString(config, localAwsConfig());
      ProcessBuilder pb =
          new ProcessBuilder(
                  repoRoot().resolve("mlops").toString(),
                  "up",
                  "--data",
                  data.toString(),
                  "--no-upload",
                  "--quiet")
              .directory(repoRoot().toFile())
              .redirectErrorStream(true)
              .redirectOutput(data.resolve("up.out").toFile());
      Map<String, String> env = pb.environment();
      env.put("MLOPS_AWS_PORT", Integer.toString(aws));
      env.put("MLOPS_GATEWAY_PORT", Integer.toString(gateway));
      env.put("MLOPS_ORCHESTRATOR_PORT", Integer.toString(orchestrator));
      env.put("MLOPS_DRIFT_PORT", Integer.toString(drift));
      env.put("MLOPS_ADMIN_TOKEN", TOKEN);
      env.put("MLOPS_LOCAL_AWS_OPTS", "--config " + config + " --capture-flush-seconds 2");
      env.put(
          "MLOPS_ORCHESTRATOR_OPTS",
          String.join(
              " ",
              "-Dmlops.triggers.debounce-window=3s",
              "-Dmlops.schedule.enabled=false",
              "-Dmlops.training.hyperparameters.num_round=100",
              "-Dmlops.training.hyperparameters.eta=0.3"));
      env.put(
          "MLOPS_GATEWAY_OPTS", "-Dmlops.gateway.routing.ttl=1s -Dmlops.gateway.metrics.window=2s");
      env.put("MLOPS_DRIFT_OPTS", "");
      Process up = pb.start();
      SystemStack stack = new SystemStack(up, data, aws, gateway, orchestrator, drift);
      stack.awaitUp(Duration.ofMinutes(10));
      return stack;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** local-aws's built-in configuration plus the faulty images and an alerts observer queue. */
  private static String localAwsConfig() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        repoRoot().resolve("containers/model/target/model-container/model-container.jar")
            + ":"
            + System.getProperty("test.classes");
    String faulty =
        java
            + " -XX:TieredStopAtLevel=1 -cp "
            + classpath
            + " dev.mlops.system.faults.FaultyContainer ";
    return """
        {
          "queues": [
            { "name": "pipeline-triggers", "deadLetterQueue": "pipeline-triggers-dlq", "maxReceiveCount": 5 },
            { "name": "capture-events", "deadLetterQueue": "capture-events-dlq", "maxReceiveCount": 5 },
            { "name": "gateway-metrics", "deadLetterQueue": "gateway-metrics-dlq", "maxReceiveCount": 5 },
            { "name": "%s" }
          ],
          "buckets": ["mlops-data", "mlops-artifacts", "mlops-capture"],
          "notifications": [
            { "id": "datasets", "bucket": "mlops-data", "prefix": "datasets/", "queue": "pipeline-triggers",
              "events": ["s3:ObjectCreated:*"] },
            { "id": "capture", "bucket": "mlops-capture", "prefix": "", "queue": "capture-events",
              "events": ["s3:ObjectCreated:*"] }
          ],
          "topics": [ { "name": "alerts", "subscriptions": [
            { "protocol": "sqs", "endpoint": "arn:aws:sqs:us-east-1:000000000000:%s", "rawMessageDelivery": true } ] } ],
          "images": {
            "%s": "%s",
            "%s": "%s"
          }
        }
        """
        .formatted(
            ALERTS_OBSERVER_QUEUE,
            ALERTS_OBSERVER_QUEUE,
            FAULTY_ERRORS_IMAGE,
            faulty + "errors",
            FAULTY_CONSTANT_IMAGE,
            faulty + "constant");
  }

  private void awaitUp(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      String out = output();
      if (out.contains("The system is up.")) {
        return;
      }
      if (!up.isAlive()) {
        throw new IllegalStateException("./mlops up exited with " + up.exitValue() + ":\n" + out);
      }
      try {
        Thread.sleep(250); // polling the process's output with a deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("./mlops up not ready within " + timeout + ":\n" + output());
  }

  /** What {@code ./mlops up} printed so far. */
  public String output() {
    try {
      return Files.readString(data.resolve("up.out"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Uploads the bundled txhousing dataset (schema, then data) as a user would: it starts a run. */
  public void uploadTxhousing() {
    Path data = repoRoot().resolve("data/txhousing");
    Http.putObject(
        awsUrl(),
        "mlops-data",
        "datasets/txhousing/schema.json",
        data.resolve("schema.json"),
        "application/json");
    Http.putObject(
        awsUrl(),
        "mlops-data",
        "datasets/txhousing/txhousing.csv",
        data.resolve("txhousing.csv"),
        "text/csv");
  }

  public String awsUrl() {
    return "http://127.0.0.1:" + awsPort;
  }

  public String gatewayUrl() {
    return "http://127.0.0.1:" + gatewayPort;
  }

  public String orchestratorUrl() {
    return "http://127.0.0.1:" + orchestratorPort;
  }

  public String driftUrl() {
    return "http://127.0.0.1:" + driftPort;
  }

  public Path dataDir() {
    return data;
  }

  public boolean isUp() {
    return up.isAlive();
  }

  @Override
  public synchronized void close() {
    if (up.isAlive()) {
      up.destroy(); // SIGTERM: ./mlops up stops what it started
      try {
        if (!up.waitFor(90, TimeUnit.SECONDS)) {
          up.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
