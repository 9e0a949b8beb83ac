package dev.mlops.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /** The shared stack, or null when no test has started it. */
  static synchronized SystemStack sharedIfStarted() {
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

  /**
   * local-aws's built-in configuration (read from its source, so the two cannot drift apart) with
   * the faulty model images added.
   */
  private static String localAwsConfig() throws IOException {
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
    ObjectNode config =
        (ObjectNode)
            Http.JSON.readTree(
                repoRoot().resolve("local-aws/src/main/resources/default-config.json").toFile());
    config
        .withObject("/images")
        .put(FAULTY_ERRORS_IMAGE, faulty + "errors")
        .put(FAULTY_CONSTANT_IMAGE, faulty + "constant");
    return Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
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

  /** GET on the admin API; asserts a 200. */
  public JsonNode admin(String path) {
    Http.Reply r = Http.get(orchestratorUrl() + "/admin" + path, TOKEN);
    if (r.status() != 200) {
      throw new AssertionError("GET " + path + ": " + r.status() + " " + r.text());
    }
    return r.body();
  }

  /** POST on the admin API; asserts a 2xx. */
  public JsonNode adminPost(String path, Object body) {
    Http.Reply r = Http.post(orchestratorUrl() + "/admin" + path, TOKEN, body);
    if (r.status() < 200 || r.status() > 299) {
      throw new AssertionError("POST " + path + ": " + r.status() + " " + r.text());
    }
    return r.body();
  }

  /**
   * What a person would look at first when a scenario fails: the trigger intake, the newest runs
   * and drift windows, and the tail of each service's log. Printed by {@link FailureDiagnosis}.
   */
  public String diagnosis() {
    StringBuilder out = new StringBuilder("---- system state ----\n");
    out.append("triggers: ").append(safeGet(orchestratorUrl() + "/admin/triggers", TOKEN));
    out.append("\nruns:");
    for (JsonNode r : rows(orchestratorUrl() + "/admin/runs?limit=8", TOKEN)) {
      out.append("\n  ")
          .append(String.join(" ", r.path("short_id").asText(), r.path("trigger").asText()))
          .append(' ')
          .append(r.path("status").asText())
          .append(' ')
          .append(r.path("model_version").asText("-"));
    }
    out.append("\ndrift windows:");
    for (JsonNode w : rows(driftUrl() + "/drift/windows?limit=12", null)) {
      out.append("\n  ")
          .append(w.path("window_id").asText())
          .append(' ')
          .append(w.path("endpoint").asText())
          .append(" records=")
          .append(w.path("records").asLong())
          .append(" status=")
          .append(w.path("status").asText())
          .append(" drift=")
          .append(w.path("dataset_drift").asText());
    }
    for (String service : List.of("orchestrator", "drift-monitor", "gateway")) {
      out.append("\n---- last lines of ").append(service).append(".log ----\n");
      out.append(tail(data.resolve("logs").resolve(service + ".log"), 25));
    }
    return out.toString();
  }

  private static String safeGet(String url, String token) {
    try {
      Http.Reply r = Http.get(url, token);
      return r.text();
    } catch (RuntimeException e) {
      return "(" + url + " did not answer: " + e.getMessage() + ")";
    }
  }

  /** The JSON array a GET answers, or an empty one when it answers something else or nothing. */
  private static JsonNode rows(String url, String token) {
    try {
      JsonNode body = Http.get(url, token).body();
      return body != null && body.isArray() ? body : Http.JSON.createArrayNode();
    } catch (RuntimeException e) {
      return Http.JSON.createArrayNode();
    }
  }

  /** The last lines of a log, without the health checks' noise. */
  private static String tail(Path log, int lines) {
    try {
      List<String> all =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.contains("io.smallrye.health"))
              .toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no " + log + ")";
    }
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
