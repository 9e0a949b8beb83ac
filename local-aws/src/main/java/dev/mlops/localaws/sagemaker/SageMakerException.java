package dev.mlops.localaws.sagemaker;

/**
 * An error SageMaker would answer, with its {@code __type} so that the SDK raises the same typed
 * exception (ValidationException, ResourceNotFound, ResourceInUse, ResourceLimitExceeded).
 */
public final class SageMakerException extends RuntimeException {

  private final String type;
  private final int status;

  public SageMakerException(String type, String message) {
    this(type, 400, message);
  }

  public SageMakerException(String type, int status, String message) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
  }

  public String type() {
    return type;
  }

  public int status() {
    return status;
  }

  public static SageMakerException validation(String message) {
    return new SageMakerException("ValidationException", message);
  }

  /** SageMaker's wording for a missing required member. */
  public static SageMakerException missing(String member) {
    return validation(
        "1 validation error detected: Value null at '"
            + member
            + "' failed to satisfy constraint: Member must not be null");
  }

  public static SageMakerException notFound(String message) {
    return new SageMakerException("ResourceNotFound", message);
  }

  public static SageMakerException inUse(String message) {
    return new SageMakerException("ResourceInUse", message);
  }
}
