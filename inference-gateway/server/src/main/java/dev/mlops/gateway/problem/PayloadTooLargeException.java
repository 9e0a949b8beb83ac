package dev.mlops.gateway.problem;

/** A body larger than the limit, or more instances than allowed: 413. */
public final class PayloadTooLargeException extends GatewayException {

  public PayloadTooLargeException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 413;
  }

  @Override
  public String type() {
    return "payload-too-large";
  }

  @Override
  public String title() {
    return "Payload too large";
  }
}
