package dev.mlops.container.predict;

/** A model feature the tree walker does not implement; the caller falls back to XGBoost4J. */
public final class UnsupportedModelException extends RuntimeException {
  public UnsupportedModelException(String what) {
    super("the tree walker does not support " + what);
  }
}
