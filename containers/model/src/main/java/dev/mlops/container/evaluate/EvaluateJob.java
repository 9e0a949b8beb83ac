package dev.mlops.container.evaluate;

import dev.mlops.container.MlPaths;

/** Not written yet. */
public final class EvaluateJob {
  private EvaluateJob() {}

  public static int run(MlPaths paths, String[] args) {
    System.err.println("evaluate is not implemented yet");
    return 2;
  }
}
