package dev.mlops.orchestrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The packaged orchestrator ({@code quarkus-run.jar}) as a child process that a test can kill -9.
 */
final class OrchestratorProcess implements AutoCloseable {

  private final Process process;
  final int port;
  final Path log;

  private OrchestratorProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the jar with the given config as system properties and waits until it is ready. */
  static OrchestratorProcess start(Map<String, String> config, int port, Path log) {
    Path jar =
        Path.of(System.getProperty("orchestrator.jar", "target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("package the orchestrator first: no " + jar.toAbsolutePath());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-XX:+UseSerialGC");
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    try {
      Files.createDirectories(log.getParent());
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      OrchestratorProcess o = new OrchestratorProcess(p, port, log);
      HttpClient http = HttpClient.newHttpClient();
      Awaitility.await("orchestrator ready on " + port + " (log " + log + ")")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new IllegalStateException("the orchestrator exited; see " + log);
                }
                try {
                  return http.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                  .build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200;
                } catch (IOException e) {
                  return false;
                }
              });
      return o;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9: no shutdown hook, no graceful close of anything. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the orchestrator did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
