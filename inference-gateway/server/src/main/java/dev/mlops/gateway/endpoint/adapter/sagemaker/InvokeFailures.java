package dev.mlops.gateway.endpoint.adapter.sagemaker;

import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.endpoint.EndpointFailure.Kind;

/**
 * The failures of an InvokeEndpoint call as the caller is told them, one wording for both ways of
 * calling it ({@link SignedModelEndpoint} reads them from the HTTP answer, {@link
 * SageMakerModelEndpoint} from the SDK's exceptions).
 */
final class InvokeFailures {

  private InvokeFailures() {}

  /** The model answered an error ({@code originalStatus} null when SageMaker did not say). */
  static EndpointFailure modelError(Integer originalStatus, String message) {
    return new EndpointFailure(
        Kind.MODEL,
        "the model answered "
            + (originalStatus == null ? "an error" : "HTTP " + originalStatus)
            + ": "
            + abbreviate(message));
  }

  static EndpointFailure throttled(String endpoint) {
    return new EndpointFailure(
        Kind.THROTTLED, "endpoint '" + endpoint + "' is throttled by SageMaker", 1);
  }

  /**
   * InvokeEndpoint's validation errors are about the endpoint (not found, not in service): the
   * request body is ours and already checked.
   */
  static EndpointFailure notAvailable(String endpoint, String reason) {
    return new EndpointFailure(
        Kind.UNAVAILABLE,
        "endpoint '"
            + endpoint
            + "' is not available: "
            + abbreviate(reason == null || reason.isBlank() ? "unknown reason" : reason),
        5);
  }

  /** SageMaker answered an error status of its own. */
  static EndpointFailure notAvailable(String endpoint, int status) {
    return new EndpointFailure(
        Kind.UNAVAILABLE, "endpoint '" + endpoint + "' is not available (HTTP " + status + ")", 1);
  }

  static EndpointFailure unreachable(String endpoint) {
    return new EndpointFailure(
        Kind.UNAVAILABLE, "endpoint '" + endpoint + "' cannot be reached", 1);
  }

  static EndpointFailure timeout(String endpoint) {
    return new EndpointFailure(Kind.TIMEOUT, "endpoint '" + endpoint + "' did not answer in time");
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String t = text.strip();
    return t.length() <= 300 ? t : t.substring(0, 297) + "...";
  }
}
