package dev.mlops.gateway.endpoint;

/** A deployed model endpoint (SageMaker Runtime InvokeEndpoint in every environment). */
public interface ModelEndpoint {

  /**
   * Sends CSV rows (schema feature order, no header) and returns the model's CSV answer (one line
   * per row).
   *
   * @throws EndpointFailure when no answer comes back
   */
  String invoke(String endpoint, String csv);
}
