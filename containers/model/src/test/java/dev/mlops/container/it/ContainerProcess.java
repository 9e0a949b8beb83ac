package dev.mlops.container.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the packaged container ({@code java -jar model-container.jar <command>}) as a separate
 * process, the way SageMaker and local-aws run it, with its output kept in a log file.
 */
public final class ContainerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int port;

  private ContainerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  public static Path jar() {
    String jar = System.getProperty("container.jar");
    if (jar == null) {
      throw new IllegalStateException(
          "system property container.jar is not set (run through failsafe)");
    }
    return Path.of(jar);
  }

  public static Path repoRoot() {
    return Path.of(System.getProperty("repo.root", "../.."));
  }

  /** Starts a command with {@code ML_ROOT} set; {@code env} adds variables. */
  public static ContainerProcess start(Path mlRoot, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("ML_ROOT", mlRoot.toString());
    pb.environment().putAll(env);
    Files.createDirectories(mlRoot);
    Path log = mlRoot.resolve(args.length > 0 ? args[0] + ".log" : "container.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    int port = Integer.parseInt(env.getOrDefault("SAGEMAKER_BIND_TO_PORT", "0"));
    return new ContainerProcess(pb.start(), log, port);
  }

  /** Starts {@code serve} on a free port. */
  public static ContainerProcess serve(Path mlRoot, Map<String, String> env) throws IOException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(freePort()));
    return start(mlRoot, all, "serve");
  }

  /** Runs a job to completion and returns its exit code. */
  public static int runJob(Path mlRoot, Duration timeout, String... args) throws Exception {
    try (ContainerProcess p = start(mlRoot, Map.of(), args)) {
      return p.waitFor(timeout);
    }
  }

  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the container did not finish within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code GET /ping} answers 200, failing fast if the process dies. */
  public ContainerProcess awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "serve exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(uri("/ping")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50); // polling a condition with a deadline
    }
    throw new IllegalStateException("serve not ready within " + timeout + ":\n" + output());
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
