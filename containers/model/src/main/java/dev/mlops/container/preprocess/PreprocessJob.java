package dev.mlops.container.preprocess;

import dev.mlops.container.MlPaths;

/** Not written yet. */
public final class PreprocessJob {
  private PreprocessJob() {}

  public static int run(MlPaths paths, String[] args) {
    System.err.println("preprocess is not implemented yet");
    return 2;
  }
}
