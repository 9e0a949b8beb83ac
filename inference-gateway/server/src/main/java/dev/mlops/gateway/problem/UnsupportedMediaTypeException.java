package dev.mlops.gateway.problem;

/** A body that is not {@code application/json}: 415. */
public final class UnsupportedMediaTypeException extends GatewayException {

  public UnsupportedMediaTypeException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 415;
  }

  @Override
  public String type() {
    return "unsupported-media-type";
  }

  @Override
  public String title() {
    return "Unsupported media type";
  }
}
