package dev.mlops.gateway.problem;

/** The model endpoint did not answer in time: 504. */
public final class TimeoutException extends GatewayException {

  public TimeoutException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 504;
  }

  @Override
  public String type() {
    return "endpoint-timeout";
  }

  @Override
  public String title() {
    return "The model endpoint timed out";
  }
}
