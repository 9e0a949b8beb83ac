package dev.mlops.gateway.metrics;

import dev.mlops.gateway.routing.Route;

/** Records one request's outcome for its variant, in the windows and in Micrometer. */
public final class RequestMetrics {

  private final MetricsWindows windows;
  private final GatewayMeters meters;

  public RequestMetrics(MetricsWindows windows, GatewayMeters meters) {
    this.windows = windows;
    this.meters = meters;
  }

  /**
   * @param latencyNanos the endpoint call's duration, or negative when no call was made
   * @param predictions numeric predictions, or null
   */
  public void record(Route route, Outcome outcome, long latencyNanos, double[] predictions) {
    long latency = outcome.reachedEndpoint() ? latencyNanos : -1;
    windows.record(
        new VariantKey(route.variant(), route.target().endpoint(), route.target().modelVersion()),
        outcome,
        latency,
        predictions);
    meters.record(route.variant(), outcome, latency, predictions);
  }

  public GatewayMeters meters() {
    return meters;
  }
}
