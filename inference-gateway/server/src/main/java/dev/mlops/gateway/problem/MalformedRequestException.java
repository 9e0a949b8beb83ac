package dev.mlops.gateway.problem;

/** The body is not JSON, or not the shape {@code {"instances": [...]}}: 400. */
public final class MalformedRequestException extends GatewayException {

  public MalformedRequestException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String type() {
    return "malformed-request";
  }

  @Override
  public String title() {
    return "Malformed request";
  }
}
