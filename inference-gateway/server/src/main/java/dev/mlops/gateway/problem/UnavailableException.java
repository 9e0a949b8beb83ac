package dev.mlops.gateway.problem;

/**
 * Nothing can answer right now: no routing policy yet, the endpoint or its schema cannot be
 * reached, or its circuit breaker is open: 503.
 */
public final class UnavailableException extends GatewayException {

  private final String type;
  private final long retryAfterSeconds;

  public UnavailableException(String type, String detail, long retryAfterSeconds) {
    super(detail);
    this.type = type;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public int status() {
    return 503;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String title() {
    return "Service unavailable";
  }

  @Override
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
