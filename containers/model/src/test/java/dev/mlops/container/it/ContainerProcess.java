package dev.mlops.container.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged container ({@code java -jar model-container.jar <command>}) as a separate
 * process, the way SageMaker and local-aws run it, with {@code ML_ROOT} pointing at a test {@code
 * /opt/ml} tree: jobs to completion ({@link #run}), {@code serve} in the background ({@link
 * #serve}).
 */
public final class ContainerProcess implements AutoCloseable {

  /** Generous: a job on txhousing takes seconds, but CI machines are shared. */
  private static final long JOB_TIMEOUT_SECONDS = 180;

  /** What a finished job left behind. */
  public record Outcome(int exitCode, String stdout, String stderr, Path root) {

    /** The failure reason, or null when the job wrote none. */
    public String failure() {
      return read(root.resolve("output/failure"));
    }

    public String message() {
      return read(root.resolve("output/message"));
    }

    private static String read(Path file) {
      try {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Fails the test with the process output when the exit code is not the expected one. */
    public Outcome expectExit(int expected) {
      assertThat(exitCode)
          .as("exit code; stdout:%n%s%nstderr:%n%s", stdout, stderr)
          .isEqualTo(expected);
      return this;
    }
  }

  private final Process process;
  private final Path log;
  private final int port;

  private ContainerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** The packaged container: failsafe sets {@code container.jar}; IDE runs find it in target/. */
  public static Path jar() {
    String property = System.getProperty("container.jar");
    Path jar =
        property != null
            ? Path.of(property)
            : Path.of("target/model-container/model-container.jar").toAbsolutePath();
    assertThat(jar).as("the packaged container (run mvn package first)").isRegularFile();
    return jar;
  }

  /** The repository root: failsafe sets {@code repo.root}. */
  public static Path repoRoot() {
    String property = System.getProperty("repo.root");
    return property != null ? Path.of(property) : Path.of("../..").toAbsolutePath().normalize();
  }

  private static ProcessBuilder builder(Path mlRoot, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(mlRoot.toFile());
    pb.environment().put("ML_ROOT", mlRoot.toString());
    // What the image sets: libgomp's spinning threads starve on a shared machine.
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.environment().putAll(env);
    return pb;
  }

  public static Outcome run(Path mlRoot, String... args) {
    return run(mlRoot, Map.of(), args);
  }

  /** Runs a job to completion. */
  public static Outcome run(Path mlRoot, Map<String, String> env, String... args) {
    try {
      Files.createDirectories(mlRoot);
      Path logs = Files.createTempDirectory(mlRoot, ".process-");
      Path out = logs.resolve("stdout");
      Path err = logs.resolve("stderr");
      Process process =
          builder(mlRoot, env, args)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(JOB_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "container "
                + args[0]
                + " did not finish in "
                + JOB_TIMEOUT_SECONDS
                + " s: "
                + Files.readString(out)
                + Files.readString(err));
      }
      return new Outcome(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          mlRoot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Starts a long-running command (serve) in the background; {@code env} adds variables. */
  public static ContainerProcess start(Path mlRoot, Map<String, String> env, String... args)
      throws IOException {
    Files.createDirectories(mlRoot);
    Path log = mlRoot.resolve(args.length > 0 ? args[0] + ".log" : "container.log");
    ProcessBuilder pb =
        builder(mlRoot, env, args).redirectErrorStream(true).redirectOutput(log.toFile());
    int port = Integer.parseInt(env.getOrDefault("SAGEMAKER_BIND_TO_PORT", "0"));
    return new ContainerProcess(pb.start(), log, port);
  }

  /** Starts {@code serve} on a free port. */
  public static ContainerProcess serve(Path mlRoot, Map<String, String> env) throws IOException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(freePort()));
    return start(mlRoot, all, "serve");
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
