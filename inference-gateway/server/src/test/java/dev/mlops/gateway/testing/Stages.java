package dev.mlops.gateway.testing;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Waits for an asynchronous call in a test, failing as the call failed. */
public final class Stages {

  private Stages() {}

  /** The stage's value; its failure rethrown as is (unwrapped from {@link CompletionException}). */
  public static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
