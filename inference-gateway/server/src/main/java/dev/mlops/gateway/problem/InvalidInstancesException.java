package dev.mlops.gateway.problem;

import java.util.List;

/**
 * Well-formed JSON whose instances do not fit the model's schema: 422, listing every offending
 * instance and field (up to a configured number; {@link #errorCount()} has the total).
 */
public final class InvalidInstancesException extends GatewayException {

  private final List<InputError> errors;
  private final int errorCount;

  public InvalidInstancesException(List<InputError> errors, int errorCount) {
    super(
        errorCount == 1 ? "1 problem in the instances" : errorCount + " problems in the instances");
    this.errors = List.copyOf(errors);
    this.errorCount = errorCount;
  }

  @Override
  public int status() {
    return 422;
  }

  @Override
  public String type() {
    return "invalid-instances";
  }

  @Override
  public String title() {
    return "Instances do not match the model's schema";
  }

  @Override
  public List<InputError> errors() {
    return errors;
  }

  @Override
  public int errorCount() {
    return errorCount;
  }
}
