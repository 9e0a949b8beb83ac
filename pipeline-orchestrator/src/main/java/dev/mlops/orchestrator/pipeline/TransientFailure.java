package dev.mlops.orchestrator.pipeline;

/**
 * A failure worth trying again later: throttling, a 5xx, a network error. Adapters translate their
 * technology's errors into it so the domain decides about backoff without knowing the SDK.
 */
public class TransientFailure extends RuntimeException {
  public TransientFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
