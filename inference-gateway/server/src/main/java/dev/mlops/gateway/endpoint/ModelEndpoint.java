package dev.mlops.gateway.endpoint;

import java.util.concurrent.CompletionStage;

/** A deployed model endpoint (SageMaker Runtime InvokeEndpoint in every environment). */
public interface ModelEndpoint {

  /**
   * Sends CSV rows (schema feature order, no header); completes with the model's CSV answer (one
   * line per row), or fails with an {@link EndpointFailure} when no answer comes back.
   */
  CompletionStage<String> invoke(String endpoint, String csv);

  /**
   * Whether {@link #invoke} waits for the answer on the calling thread. Callers on an event loop
   * must then move to a worker first; a non-blocking endpoint answers on an event loop of its own.
   */
  boolean blocking();
}
