package dev.mlops.gateway.problem;

/** The model endpoint answered with an error, or with something that is not an answer: 502. */
public final class ModelFailedException extends GatewayException {

  public ModelFailedException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 502;
  }

  @Override
  public String type() {
    return "model-error";
  }

  @Override
  public String title() {
    return "The model failed";
  }
}
