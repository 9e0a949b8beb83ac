package dev.mlops.container.serve;

import dev.mlops.container.MlPaths;

/** Not written yet. */
public final class ModelServer {
  private ModelServer() {}

  public static int run(MlPaths paths, String[] args) {
    System.err.println("serve is not implemented yet");
    return 2;
  }
}
