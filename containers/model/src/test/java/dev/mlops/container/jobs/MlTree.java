package dev.mlops.container.jobs;

import dev.mlops.container.it.ContainerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Builds the {@code /opt/ml} input layout that SageMaker would mount, in a test folder. */
public final class MlTree {

  private MlTree() {}

  public static Path txhousingCsv() {
    return ContainerProcess.repoRoot().resolve("data/txhousing/txhousing.csv");
  }

  public static Path txhousingSchema() {
    return ContainerProcess.repoRoot().resolve("data/txhousing/schema.json");
  }

  /** Raw data and schema as the preprocess Processing job receives them. */
  public static void preprocessInputs(Path root, Path csv, Path schema) {
    copy(csv, root.resolve("processing/input/data").resolve(csv.getFileName()));
    if (schema != null) {
      copy(schema, root.resolve("processing/input/schema/schema.json"));
    }
  }

  /** A training job's channels from preprocess outputs (as the pipeline wires them). */
  public static void trainingChannels(Path root, Path preprocessOutput) {
    copyTree(preprocessOutput.resolve("train"), root.resolve("input/data/train"));
    copyTree(preprocessOutput.resolve("validation"), root.resolve("input/data/validation"));
    copyTree(preprocessOutput.resolve("schema"), root.resolve("input/data/schema"));
    copyTree(preprocessOutput.resolve("baseline"), root.resolve("input/data/baseline"));
  }

  public static void hyperparameters(Path root, String json) {
    write(root.resolve("input/config/hyperparameters.json"), json);
  }

  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
