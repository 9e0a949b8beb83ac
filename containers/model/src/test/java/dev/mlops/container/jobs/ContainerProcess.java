package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged model container as its own process, {@code java -jar model-container.jar
 * <command>}, the way SageMaker (and local-aws) run it, with {@code ML_ROOT} pointing at a test
 * {@code /opt/ml} tree.
 */
public final class ContainerProcess {

  /** Generous: a job on txhousing takes seconds, but CI machines are shared. */
  private static final long TIMEOUT_SECONDS = 180;

  /** What a finished process left behind. */
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

  private ContainerProcess() {}

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

  public static Outcome run(Path mlRoot, String... args) {
    return run(mlRoot, Map.of(), args);
  }

  public static Outcome run(Path mlRoot, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(mlRoot);
      Path logs = Files.createTempDirectory(mlRoot, ".process-");
      Path out = logs.resolve("stdout");
      Path err = logs.resolve("stderr");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .directory(mlRoot.toFile());
      builder.environment().put("ML_ROOT", mlRoot.toString());
      // What the image sets: libgomp's spinning threads starve on a shared machine.
      builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "container "
                + args[0]
                + " did not finish in "
                + TIMEOUT_SECONDS
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
}
