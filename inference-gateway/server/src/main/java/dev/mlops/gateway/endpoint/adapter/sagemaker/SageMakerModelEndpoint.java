package dev.mlops.gateway.endpoint.adapter.sagemaker;

import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.endpoint.EndpointFailure.Kind;
import dev.mlops.gateway.endpoint.ModelEndpoint;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
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

  @Override
  public String invoke(String endpoint, String csv) {
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
      throw classify(endpoint, e);
    }
    return answer.body().asUtf8String();
  }

  /** Sorts an SDK failure into what the caller is told. Package-private for tests. */
  static EndpointFailure classify(String endpoint, RuntimeException e) {
    if (e instanceof ModelErrorException m) {
      Integer status = m.originalStatusCode();
      return new EndpointFailure(
          Kind.MODEL,
          "the model answered "
              + (status == null ? "an error" : "HTTP " + status)
              + ": "
              + abbreviate(m.originalMessage() != null ? m.originalMessage() : m.getMessage()));
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new EndpointFailure(
          Kind.TIMEOUT, "endpoint '" + endpoint + "' did not answer in time");
    }
    if (e instanceof SdkServiceException s) {
      if (s.isThrottlingException()) {
        return new EndpointFailure(
            Kind.THROTTLED, "endpoint '" + endpoint + "' is throttled by SageMaker", 1);
      }
      if (e instanceof ValidationErrorException) {
        // InvokeEndpoint's validation errors are about the endpoint (not found, not in service):
        // the request body is ours and already checked
        return new EndpointFailure(
            Kind.UNAVAILABLE, "endpoint '" + endpoint + "' is not available: " + detail(s), 5);
      }
      return new EndpointFailure(
          Kind.UNAVAILABLE,
          "endpoint '" + endpoint + "' is not available (HTTP " + s.statusCode() + ")",
          1);
    }
    if (e instanceof SdkClientException && timedOut(e)) {
      return new EndpointFailure(
          Kind.TIMEOUT, "endpoint '" + endpoint + "' did not answer in time");
    }
    return new EndpointFailure(
        Kind.UNAVAILABLE, "endpoint '" + endpoint + "' cannot be reached", 1);
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
    String m =
        s instanceof AwsServiceException a && a.awsErrorDetails() != null
            ? a.awsErrorDetails().errorMessage()
            : s.getMessage();
    return abbreviate(m == null ? "unknown reason" : m);
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String t = text.strip();
    return t.length() <= 300 ? t : t.substring(0, 297) + "...";
  }
}
