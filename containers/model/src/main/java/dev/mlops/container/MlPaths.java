package dev.mlops.container;

import java.nio.file.Path;

/**
 * The SageMaker container file layout. In SageMaker it is rooted at {@code /opt/ml}; locally
 * (tests, {@code ./mlops container}, local-aws jobs) the root comes from the {@code ML_ROOT}
 * environment variable, so the same code runs in both places.
 */
public record MlPaths(Path root) {

  public static final String ML_ROOT_ENV = "ML_ROOT";

  /** The root from {@code ML_ROOT}, or {@code /opt/ml}. */
  public static MlPaths fromEnvironment() {
    String root = System.getenv(ML_ROOT_ENV);
    return new MlPaths(Path.of(root == null || root.isBlank() ? "/opt/ml" : root));
  }

  // Training jobs
  public Path inputChannel(String channel) {
    return root.resolve("input/data").resolve(channel);
  }

  public Path hyperparameters() {
    return root.resolve("input/config/hyperparameters.json");
  }

  public Path model() {
    return root.resolve("model");
  }

  public Path failure() {
    return root.resolve("output/failure");
  }

  /** Processing jobs report their exit message here (SageMaker's ExitMessage). */
  public Path message() {
    return root.resolve("output/message");
  }

  // Processing jobs
  public Path processingInput(String name) {
    return root.resolve("processing/input").resolve(name);
  }

  public Path processingOutput(String name) {
    return root.resolve("processing/output").resolve(name);
  }

  public Path evaluation() {
    return root.resolve("processing/evaluation");
  }
}
