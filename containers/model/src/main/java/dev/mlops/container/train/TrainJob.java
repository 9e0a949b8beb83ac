package dev.mlops.container.train;

import dev.mlops.container.MlPaths;

/** Not written yet. */
public final class TrainJob {
  private TrainJob() {}

  public static int run(MlPaths paths, String[] args) {
    System.err.println("train is not implemented yet");
    return 2;
  }
}
