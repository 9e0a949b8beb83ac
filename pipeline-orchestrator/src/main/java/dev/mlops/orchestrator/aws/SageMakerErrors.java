package dev.mlops.orchestrator.aws;

import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;

/**
 * SageMaker reports "exists already" and "not found" in several ways: typed exceptions for some
 * APIs, a ValidationException with a message for others (endpoints, models, configs).
 */
public final class SageMakerErrors {

  private SageMakerErrors() {}

  public static boolean alreadyExists(Throwable e) {
    if (e instanceof ResourceInUseException) {
      return true;
    }
    String m = message(e);
    return isValidation(e) && (m.contains("already exist") || m.contains("already in use"));
  }

  public static boolean notFound(Throwable e) {
    if (e instanceof ResourceNotFoundException) {
      return true;
    }
    String m = message(e);
    return (isValidation(e) || e instanceof AwsServiceException a && a.statusCode() == 404)
        && (m.contains("could not find")
            || m.contains("not found")
            || m.contains("does not exist"));
  }

  public static boolean isValidation(Throwable e) {
    return e instanceof AwsServiceException a
        && a.awsErrorDetails() != null
        && "ValidationException".equals(a.awsErrorDetails().errorCode());
  }

  private static String message(Throwable e) {
    String m =
        e instanceof AwsServiceException a && a.awsErrorDetails() != null
            ? a.awsErrorDetails().errorMessage()
            : e.getMessage();
    return m == null ? "" : m.toLowerCase(Locale.ROOT);
  }
}
