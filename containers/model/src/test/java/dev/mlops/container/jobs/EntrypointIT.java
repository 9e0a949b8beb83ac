package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.container.it.ContainerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entry point script, run outside Docker against the packaged container: it must
 * dispatch SageMaker's commands with their arguments and refuse anything else with exit code 2.
 */
class EntrypointIT {

  @TempDir Path root;

  record Result(int exitCode, String output) {}

  @Test
  void dispatchesCommandsWithTheirArguments() throws Exception {
    Result evaluate = entrypoint("evaluate");
    assertThat(evaluate.exitCode()).as(evaluate.output()).isEqualTo(1);
    assertThat(evaluate.output()).contains("evaluate failed: processing input 'model' is missing");
    assertThat(root.resolve("output/failure")).exists();

    Result badOption = entrypoint("preprocess", "--seed", "not-a-number");
    assertThat(badOption.exitCode()).isEqualTo(2);
    assertThat(badOption.output()).contains("--seed takes an integer, not 'not-a-number'");
  }

  @Test
  void refusesUnknownCommandsAndNoCommand() throws Exception {
    Result unknown = entrypoint("bash");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown command 'bash'").contains("usage:");

    Result none = entrypoint();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.output()).contains("usage:");
  }

  private Result entrypoint(String... args) throws Exception {
    Path script = ContainerProcess.repoRoot().resolve("containers/docker/entrypoint.sh");
    List<String> command = new java.util.ArrayList<>(List.of("sh", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path log = root.resolve("entrypoint.log");
    builder.redirectOutput(log.toFile());
    Path javaBin = Path.of(System.getProperty("java.home"), "bin");
    builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
    builder
        .environment()
        .put("MODEL_CONTAINER_HOME", ContainerProcess.jar().getParent().toString());
    builder.environment().put("ML_ROOT", root.toString());
    builder.environment().put("JAVA_OPTS", "-Xmx256m");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("entrypoint.sh did not finish: " + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }
}
