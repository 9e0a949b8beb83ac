package dev.mlops.localaws.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local-aws for integration tests: a child process ({@code java -jar local-aws.jar --port 0}) on
 * a temporary (or given) data folder, or, when {@code MLOPS_LOCAL_AWS_ENDPOINT} is set, the
 * local-aws already running there. {@link #shared()} gives every test class of a JVM the same one
 * and stops it when the JVM exits.
 *
 * <p>The jar is found from the system property {@code localaws.jar}, the environment variable
 * {@code MLOPS_LOCAL_AWS_JAR}, or {@code local-aws/target/local-aws/local-aws.jar} in the working
 * directory or one of its parents (a module of this repository).
 */
public final class LocalAwsProcess implements AutoCloseable {

  /**
   * Set it to use a running local-aws instead of starting one, e.g. {@code http://127.0.0.1:4566}.
   */
  public static final String ENDPOINT_ENV = "MLOPS_LOCAL_AWS_ENDPOINT";

  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY = "test";
  public static final String SECRET_KEY = "test";

  private static final String READY = "local-aws ready on ";
  // outside the services' "mlops." config prefix, which their config mappings validate
  private static final String SHARED_PROPERTY = "localaws.testkit.shared-endpoint";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private static LocalAwsProcess shared;

  private final Process process;
  private final Path dataDir;
  private final boolean temporary;
  private final List<String> extraArgs;
  private final String endpoint;
  private final String info;
  private List<ProcessHandle> orphans = List.of();

  private LocalAwsProcess(
      Process process,
      Path dataDir,
      boolean temporary,
      List<String> extraArgs,
      String endpoint,
      String info) {
    this.process = process;
    this.dataDir = dataDir;
    this.temporary = temporary;
    this.extraArgs = List.copyOf(extraArgs);
    this.endpoint = endpoint;
    this.info = info;
  }

  /** The one local-aws of this JVM: attached, or started on first use and stopped at exit. */
  public static synchronized LocalAwsProcess shared() {
    if (shared == null) {
      String attach = System.getenv(ENDPOINT_ENV);
      // Quarkus tests may load this class twice (test and test-resource class loaders): the
      // system property lets the second copy find the process the first one started
      String started = System.getProperty(SHARED_PROPERTY);
      if (attach != null && !attach.isBlank()) {
        shared = attach(attach.trim());
      } else if (started != null && !started.isBlank()) {
        shared = attach(started);
      } else {
        shared = startTemporary();
        LocalAwsProcess p = shared;
        System.setProperty(SHARED_PROPERTY, p.endpoint());
        Runtime.getRuntime().addShutdownHook(new Thread(p::close, "local-aws-testkit-stop"));
      }
    }
    return shared;
  }

  /**
   * Uses the local-aws at {@code endpoint}; {@link #stop()} and {@link #kill()} leave it running.
   */
  public static LocalAwsProcess attach(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    String info = fetchInfo(base);
    String dir = field(info, "dataDir");
    return new LocalAwsProcess(
        null, dir == null ? null : Path.of(dir), false, List.of(), base, info);
  }

  /** Starts a local-aws on a new temporary data folder, deleted when it stops. */
  public static LocalAwsProcess startTemporary() {
    try {
      return start(Files.createTempDirectory("local-aws-"), true, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a local-aws on {@code dataDir} (kept when it stops).
   *
   * @param extraArgs more command-line options, e.g. {@code --capture-flush-seconds 1}
   */
  public static LocalAwsProcess start(Path dataDir, String... extraArgs) {
    return start(dataDir, false, List.of(extraArgs));
  }

  private static LocalAwsProcess start(Path dataDir, boolean temporary, List<String> extraArgs) {
    Path jar = jar();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    // a class data archive next to the jar, written by the first run: start-up about halves
    cmd.add("-XX:+AutoCreateSharedArchive");
    cmd.add("-XX:SharedArchiveFile=" + jar.resolveSibling("local-aws.jsa"));
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("--port");
    cmd.add("0");
    cmd.add("--postgres-port");
    cmd.add("0");
    cmd.add("--data");
    cmd.add(dataDir.toAbsolutePath().toString());
    cmd.addAll(extraArgs);
    try {
      Files.createDirectories(dataDir);
      Path out = dataDir.resolve("local-aws.out");
      Files.deleteIfExists(out);
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
              .start();
      String endpoint = awaitReady(p, out);
      return new LocalAwsProcess(
          p, dataDir.toAbsolutePath(), temporary, extraArgs, endpoint, fetchInfo(endpoint));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start local-aws from " + jar, e);
    }
  }

  private static String awaitReady(Process p, Path out) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
      int i = text.indexOf(READY);
      if (i >= 0) {
        int end = text.indexOf('\n', i);
        if (end > 0) {
          return text.substring(i + READY.length(), end).trim();
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "local-aws exited with code " + p.exitValue() + " before it was ready:\n" + tail(text));
      }
      try {
        p.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IllegalStateException("interrupted while local-aws started", e);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "local-aws was not ready within "
            + START_TIMEOUT.toSeconds()
            + " s (output in "
            + out
            + ")");
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, lines.length - 20); i < lines.length; i++) {
      b.append(lines[i]).append('\n');
    }
    return b.toString();
  }

  /** {@code GET /_localaws/info}: the same JSON as {@code <data>/local-aws.json}. */
  private static String fetchInfo(String endpoint) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint + "/_localaws/info"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "no local-aws at "
                + endpoint
                + " (GET /_localaws/info answered "
                + r.statusCode()
                + ")");
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException("no local-aws at " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A string field of the info JSON (flat keys only; enough for what local-aws writes). */
  private static String field(String json, String key) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
            .matcher(json);
    return m.find() ? m.group(1).replace("\\/", "/").replace("\\\\", "\\") : null;
  }

  static Path jar() {
    String prop = System.getProperty("localaws.jar");
    if (prop == null || prop.isBlank()) {
      prop = System.getenv("MLOPS_LOCAL_AWS_JAR");
    }
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop);
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(
            "local-aws jar "
                + p
                + " does not exist; build it with ./mvnw -pl local-aws -am install -DskipTests");
      }
      return p;
    }
    Path rel = Path.of("local-aws", "target", "local-aws", "local-aws.jar");
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(rel))) {
        return d.resolve(rel);
      }
    }
    throw new IllegalStateException(
        "cannot find "
            + rel
            + " above "
            + Path.of("").toAbsolutePath()
            + "; build it with ./mvnw -pl local-aws -am install -DskipTests, or set -Dlocalaws.jar");
  }

  /** e.g. {@code http://127.0.0.1:41234}: every AWS client's endpoint override. */
  public String endpoint() {
    return endpoint;
  }

  /** The JDBC URL of one of local-aws's databases: orchestrator, drift or mlops. */
  public String jdbcUrl(String database) {
    String url = field(info, "jdbcUrl");
    if (url == null) {
      throw new IllegalStateException("local-aws did not report a JDBC URL");
    }
    return url.substring(0, url.lastIndexOf('/') + 1) + database;
  }

  public String jdbcUser() {
    return field(info, "jdbcUser");
  }

  public String jdbcPassword() {
    return field(info, "jdbcPassword");
  }

  /** The data folder (null when attached to a local-aws that did not report it). */
  public Path dataDir() {
    return dataDir;
  }

  /** True when this is someone else's local-aws ({@code MLOPS_LOCAL_AWS_ENDPOINT}). */
  public boolean attached() {
    return process == null;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Stops it cleanly (SIGTERM: capture flushed, endpoints and PostgreSQL stopped). */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Kills it like a crash would (SIGKILL): nothing is flushed or stopped, and its PostgreSQL and
   * endpoint processes are left running, as after a real crash. The next start on the same folder
   * ({@link #restart()}) cleans up after it; {@link #close()} kills what is left otherwise.
   */
  public void kill() {
    if (process == null) {
      return;
    }
    orphans = process.descendants().toList();
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a new local-aws on the same data folder (after {@link #stop} or {@link #kill}). */
  public LocalAwsProcess restart() {
    if (process == null) {
      throw new IllegalStateException("an attached local-aws cannot be restarted from here");
    }
    if (process.isAlive()) {
      stop();
    }
    orphans = List.of();
    return start(dataDir, temporary, extraArgs);
  }

  @Override
  public void close() {
    stop();
    orphans.forEach(ProcessHandle::destroyForcibly);
    if (temporary && dataDir != null) {
      try (Stream<Path> s = Files.walk(dataDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException ignored) {
        // best effort: it is a temporary folder
      }
    }
  }
}
