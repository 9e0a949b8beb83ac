package dev.mlops.localaws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one local-aws process runs.
 *
 * @param port the one port for every service; 0 picks a free one
 * @param dataDir where everything is kept (buckets, queues, database, jobs, endpoints)
 * @param containerCommand the command that runs the model container, as words
 * @param config queues, buckets, notifications, topics, image map
 * @param captureFlushSeconds how often buffered data capture records are written to S3
 * @param postgresPort PostgreSQL's port; 0 picks a free one
 * @param endpointReadySeconds how long an endpoint instance may take to answer {@code /ping}
 * @param autoscalingPeriodSeconds how often endpoint autoscaling policies are evaluated (AWS: the
 *     metric's minute)
 */
public record LocalAwsOptions(
    int port,
    Path dataDir,
    List<String> containerCommand,
    LocalAwsConfig config,
    int captureFlushSeconds,
    int postgresPort,
    int endpointReadySeconds,
    int autoscalingPeriodSeconds) {

  public static final int DEFAULT_PORT = 4566;

  /** PostgreSQL's port when local-aws runs on its default port, so that JDBC URLs stay put. */
  public static final int DEFAULT_POSTGRES_PORT = 4510;

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "000000000000";

  public LocalAwsOptions {
    containerCommand = List.copyOf(containerCommand);
    if (autoscalingPeriodSeconds < 1) {
      throw new IllegalArgumentException("--autoscaling-period-seconds must be at least 1");
    }
  }

  /** Options for a test: a free port, the given data folder, the default container command. */
  public static LocalAwsOptions forTest(Path dataDir) {
    return new LocalAwsOptions(
        0, dataDir, defaultContainerCommand(), LocalAwsConfig.builtIn(), 1, 0, 120, 60);
  }

  public LocalAwsOptions withConfig(LocalAwsConfig c) {
    return new LocalAwsOptions(
        port,
        dataDir,
        containerCommand,
        c,
        captureFlushSeconds,
        postgresPort,
        endpointReadySeconds,
        autoscalingPeriodSeconds);
  }

  public LocalAwsOptions withContainerCommand(List<String> cmd) {
    return new LocalAwsOptions(
        port,
        dataDir,
        cmd,
        config,
        captureFlushSeconds,
        postgresPort,
        endpointReadySeconds,
        autoscalingPeriodSeconds);
  }

  /** Parses the command line; throws {@link IllegalArgumentException} with a usage message. */
  public static LocalAwsOptions parse(String[] args) {
    int port = DEFAULT_PORT;
    Path data = Path.of(".mlops", "local-aws");
    List<String> command = null;
    LocalAwsConfig config = null;
    int flush = 5;
    Integer pgPort = null;
    int ready = 120;
    int autoscaling = 60;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--port" -> port = intValue(a, value);
        case "--data" -> data = Path.of(required(a, value));
        case "--container-command" ->
            command = Arrays.asList(required(a, value).trim().split("\\s+"));
        case "--config" -> config = LocalAwsConfig.read(Path.of(required(a, value)));
        case "--capture-flush-seconds" -> flush = intValue(a, value);
        case "--postgres-port" -> pgPort = intValue(a, value);
        case "--endpoint-ready-seconds" -> ready = intValue(a, value);
        case "--autoscaling-period-seconds" -> autoscaling = intValue(a, value);
        case "-h", "--help" -> throw new IllegalArgumentException(usage());
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
      }
      i++;
    }
    if (pgPort == null) {
      pgPort = port == DEFAULT_PORT ? DEFAULT_POSTGRES_PORT : 0;
    }
    return new LocalAwsOptions(
        port,
        data.toAbsolutePath().normalize(),
        command != null ? command : defaultContainerCommand(),
        config != null ? config : LocalAwsConfig.builtIn(),
        flush,
        pgPort,
        ready,
        autoscaling);
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value\n" + usage());
    }
    return value;
  }

  private static int intValue(String option, String value) {
    try {
      return Integer.parseInt(required(option, value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
    }
  }

  public static String usage() {
    return """
        usage: local-aws [--port 4566] [--data .mlops/local-aws] [--config file.json]
                         [--container-command "<command words>"] [--capture-flush-seconds 5]
                         [--postgres-port 4510] [--endpoint-ready-seconds 120]
                         [--autoscaling-period-seconds 60]
          --port 0 and --postgres-port 0 pick free ports.""";
  }

  /**
   * {@code <java> -jar <repo>/containers/model/target/model-container/model-container.jar}: the jar
   * from the system property {@code localaws.container.jar}, else found next to this jar's build
   * folder, else from the working directory upwards.
   */
  public static List<String> defaultContainerCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        // serial GC: many small JVMs on one machine; full JIT: serve is on the benchmarks' hot path
        new ArrayList<>(List.of(java, "-XX:+UseSerialGC"));
    cmd.add("-jar");
    cmd.add(containerJar().toString());
    return cmd;
  }

  static Path containerJar() {
    String prop = System.getProperty("localaws.container.jar");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    Path rel = Path.of("containers", "model", "target", "model-container", "model-container.jar");
    List<Path> starts = new ArrayList<>();
    try {
      Path self =
          Path.of(
              LocalAwsOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      starts.add(self.toAbsolutePath());
    } catch (Exception ignored) {
      // no code source: fall back to the working directory
    }
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path p = start; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve(rel))) {
          return p.resolve(rel);
        }
      }
    }
    return Path.of("").toAbsolutePath().resolve(rel);
  }
}
