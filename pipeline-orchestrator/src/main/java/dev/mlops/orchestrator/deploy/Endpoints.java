package dev.mlops.orchestrator.deploy;

import java.util.Optional;

/**
 * Model endpoints (SageMaker models, endpoint configurations, endpoints and the runtime). Every
 * create is idempotent: what exists under the same name is adopted.
 */
public interface Endpoints {

  /** The only production variant of a single-variant endpoint (SageMaker's default name). */
  String VARIANT = "AllTraffic";

  /** Data capture of an endpoint's requests and responses. */
  record Capture(String destinationS3Uri, int samplingPercentage) {}

  /**
   * @param endpoint endpoint name (its configuration is named after it)
   * @param model SageMaker model name
   * @param instanceType instance type
   * @param instanceCount instance count
   * @param capture data capture, or empty
   */
  record EndpointSpec(
      String endpoint,
      String model,
      String instanceType,
      int instanceCount,
      Optional<Capture> capture) {}

  enum Status {
    NOT_FOUND,
    CREATING,
    IN_SERVICE,
    UPDATING,
    DELETING,
    FAILED,
    OTHER
  }

  record EndpointState(Status status, String failureReason) {}

  /** An answer of the endpoint: HTTP status and body. */
  record Invocation(int status, String contentType, String body) {}

  /** Creates the SageMaker model unless it exists. */
  void ensureModel(String model, String image, String modelDataUri, String roleArn);

  /** Creates the endpoint configuration and the endpoint unless they exist. */
  void ensureEndpoint(EndpointSpec spec);

  EndpointState describe(String endpoint);

  /** Deletes the endpoint and its configuration; nothing if they are gone. */
  void delete(String endpoint);

  /** Sends one request to the endpoint. */
  Invocation invoke(String endpoint, String contentType, String body);
}
