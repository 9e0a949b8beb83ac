package dev.mlops.gateway.problem;

/** Too many requests: the gateway's own limit, or SageMaker throttling the endpoint: 429. */
public final class ThrottledException extends GatewayException {

  private final long retryAfterSeconds;

  public ThrottledException(String detail, long retryAfterSeconds) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public int status() {
    return 429;
  }

  @Override
  public String type() {
    return "throttled";
  }

  @Override
  public String title() {
    return "Too many requests";
  }

  @Override
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
