package dev.mlops.gateway.endpoint;

/** A call to a model endpoint that brought no predictions, classified by whose fault it is. */
public final class EndpointFailure extends RuntimeException {

  /** Why no predictions came back. */
  public enum Kind {
    /** The model answered an error. */
    MODEL,
    /** SageMaker refused the call for its rate. */
    THROTTLED,
    /** The endpoint cannot be reached, does not exist, or its circuit breaker is open. */
    UNAVAILABLE,
    /** No answer in time. */
    TIMEOUT
  }

  private final Kind kind;
  private final long retryAfterSeconds;

  public EndpointFailure(Kind kind, String message) {
    this(kind, message, 0);
  }

  public EndpointFailure(Kind kind, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
