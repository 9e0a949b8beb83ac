package dev.mlops.gateway.metrics;

/** How a request to one variant ended; the error classes are those of the gateway windows. */
public enum Outcome {
  OK(null),
  /** The gateway refused the request (4xx: the caller's mistake or the gateway's own limit). */
  CLIENT("client"),
  /** The model answered an error. */
  MODEL("model"),
  /** SageMaker throttled the endpoint. */
  THROTTLED("throttled"),
  /** The endpoint could not be reached (or its breaker was open). */
  UNAVAILABLE("unavailable"),
  /** The endpoint did not answer in time. */
  TIMEOUT("timeout");

  private final String errorClass;

  Outcome(String errorClass) {
    this.errorClass = errorClass;
  }

  /** The error class name in the windows, or null for success. */
  public String errorClass() {
    return errorClass;
  }

  /** Whether the request reached the endpoint (its latency then says something about it). */
  public boolean reachedEndpoint() {
    return this == OK || this == MODEL || this == THROTTLED || this == TIMEOUT;
  }
}
