package dev.mlops.container.jobs;

import dev.mlops.container.it.ContainerProcess;
import dev.mlops.container.job.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundled txhousing dataset taken through the container's jobs once per test JVM, each job a
 * separate {@code java -jar} process as in SageMaker: {@code preprocess}, then {@code train} on its
 * splits, then {@code evaluate} on the test split with the packed {@code model.tar.gz}. Tests that
 * need a trained model (serving, evaluation, the quality gate) share it instead of training again.
 *
 * <p>Each stage runs on first use; a stage that fails throws with the process output, so every test
 * that depends on it fails with the reason.
 */
public final class TrainedTxhousing {

  private static Path base;
  private static ContainerProcess.Outcome preprocess;
  private static ContainerProcess.Outcome train;
  private static ContainerProcess.Outcome evaluate;

  private TrainedTxhousing() {}

  /** The {@code /opt/ml} tree of the preprocess job (its outputs under processing/output). */
  public static synchronized Path preprocessRoot() {
    preprocessed();
    return base.resolve("preprocess");
  }

  /** Where preprocess wrote the splits, baseline, schema and report. */
  public static Path preprocessOutput() {
    return preprocessRoot().resolve("processing/output");
  }

  /** The {@code /opt/ml} tree of the training job. */
  public static synchronized Path trainRoot() {
    trained();
    return base.resolve("train");
  }

  /** The trained model folder ({@code /opt/ml/model} of the training job), as serve reads it. */
  public static Path modelDir() {
    return trainRoot().resolve("model");
  }

  /** The model packed as SageMaker packs it. */
  public static synchronized Path modelArchive() {
    trained();
    return base.resolve("model.tar.gz");
  }

  /** The {@code /opt/ml} tree of the evaluation job. */
  public static synchronized Path evaluateRoot() {
    evaluated();
    return base.resolve("evaluate");
  }

  public static synchronized ContainerProcess.Outcome preprocessed() {
    if (preprocess == null) {
      Path root = folder("preprocess");
      MlTree.preprocessInputs(root, MlTree.txhousingCsv(), MlTree.txhousingSchema());
      preprocess = ContainerProcess.run(root, "preprocess").expectExit(0);
    }
    return preprocess;
  }

  public static synchronized ContainerProcess.Outcome trained() {
    if (train == null) {
      Path output = preprocessOutput();
      Path root = folder("train");
      MlTree.trainingChannels(root, output);
      train = ContainerProcess.run(root, "train").expectExit(0);
      try {
        TarGz.create(root.resolve("model"), base.resolve("model.tar.gz"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return train;
  }

  public static synchronized ContainerProcess.Outcome evaluated() {
    if (evaluate == null) {
      Path archive = modelArchive();
      Path root = folder("evaluate");
      MlTree.copy(archive, root.resolve("processing/input/model/model.tar.gz"));
      MlTree.copyTree(preprocessOutput().resolve("test"), root.resolve("processing/input/test"));
      evaluate = ContainerProcess.run(root, "evaluate").expectExit(0);
    }
    return evaluate;
  }

  private static Path folder(String name) {
    try {
      if (base == null) {
        base = Files.createTempDirectory("txhousing-");
        Path created = base;
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> MlTree.deleteTree(created), "txhousing-cleanup"));
      }
      return Files.createDirectories(base.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
