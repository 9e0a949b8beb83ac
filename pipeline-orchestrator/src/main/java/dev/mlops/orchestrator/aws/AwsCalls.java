package dev.mlops.orchestrator.aws;

import dev.mlops.orchestrator.pipeline.TransientFailure;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that decides which AWS errors are worth retrying later: client-side errors
 * (network, timeouts), 5xx, and throttling. Everything else is the caller's to handle or a bug.
 */
public final class AwsCalls {

  private AwsCalls() {}

  public static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (isTransient(e)) {
        throw new TransientFailure(what + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  public static void run(String what, Runnable call) {
    call(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  /** Whether the error is worth retrying with backoff. */
  public static boolean isTransient(Throwable e) {
    if (e instanceof SdkClientException) {
      return true;
    }
    if (e instanceof SdkServiceException s) {
      if (s.statusCode() >= 500 || s.isThrottlingException() || s.statusCode() == 429) {
        return true;
      }
      if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
        String code = String.valueOf(a.awsErrorDetails().errorCode()).toLowerCase(Locale.ROOT);
        return code.contains("throttl")
            || code.equals("requestlimitexceeded")
            || code.equals("serviceunavailable");
      }
    }
    return false;
  }
}
