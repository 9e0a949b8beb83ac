package dev.mlops.gateway.endpoint.adapter.sagemaker;

import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.endpoint.ModelEndpoint;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * InvokeEndpoint with CSV in and CSV out (the container's fastest format), SDK failures sorted by
 * whose fault they are.
 */
public final class SageMakerModelEndpoint implements ModelEndpoint {

  private static final String CSV = "text/csv";

  private final SageMakerRuntimeClient client;

  public SageMakerModelEndpoint(SageMakerRuntimeClient client) {
    this.client = client;
  }

  /** The SDK client waits for the answer on the calling thread. */
  @Override
  public boolean blocking() {
    return true;
  }

  @Override
  public CompletionStage<String> invoke(String endpoint, String csv) {
    InvokeEndpointResponse answer;
    try {
      answer =
          client.invokeEndpoint(
              b ->
                  b.endpointName(endpoint)
                      .contentType(CSV)
                      .accept(CSV)
                      .body(SdkBytes.fromUtf8String(csv)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(classify(endpoint, e));
    }
    return CompletableFuture.completedFuture(answer.body().asUtf8String());
  }

  /** Sorts an SDK failure into what the caller is told. Package-private for tests. */
  static EndpointFailure classify(String endpoint, RuntimeException e) {
    if (e instanceof ModelErrorException m) {
      return InvokeFailures.modelError(
          m.originalStatusCode(),
          m.originalMessage() != null ? m.originalMessage() : m.getMessage());
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return InvokeFailures.timeout(endpoint);
    }
    if (e instanceof SdkServiceException s) {
      if (s.isThrottlingException()) {
        return InvokeFailures.throttled(endpoint);
      }
      if (e instanceof ValidationErrorException) {
        return InvokeFailures.notAvailable(endpoint, detail(s));
      }
      return InvokeFailures.notAvailable(endpoint, s.statusCode());
    }
    if (e instanceof SdkClientException && timedOut(e)) {
      return InvokeFailures.timeout(endpoint);
    }
    return InvokeFailures.unreachable(endpoint);
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private static String detail(SdkServiceException s) {
    return s instanceof AwsServiceException a && a.awsErrorDetails() != null
        ? a.awsErrorDetails().errorMessage()
        : s.getMessage();
  }
}
