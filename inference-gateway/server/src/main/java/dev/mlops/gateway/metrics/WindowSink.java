package dev.mlops.gateway.metrics;

/** Where window aggregates go (the SQS queue {@code gateway-metrics} in every environment). */
public interface WindowSink {

  /**
   * @param json one {@code GatewayWindow} document
   * @throws RuntimeException when it cannot be sent; the window is kept and sent again later
   */
  void send(String json);
}
