package dev.mlops.gateway.metrics;

import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.gateway.routing.Variant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The per-variant metrics at {@code /q/metrics}: requests by outcome, endpoint latency (histogram
 * on the gateway windows' bounds) and predictions. Meters are looked up once per variant and
 * outcome, never per request.
 */
public final class GatewayMeters {

  private static final Duration[] SLOS = slos();

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Variant, Timer> latency = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Variant, DistributionSummary> predictions =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> rejected = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> shadowDropped = new ConcurrentHashMap<>();
  private final Counter canaryFallbacks;

  public GatewayMeters(MeterRegistry registry) {
    this.registry = registry;
    this.canaryFallbacks =
        Counter.builder("gateway.canary.fallbacks")
            .description("Requests the canary failed and the stable endpoint answered")
            .register(registry);
  }

  public void record(Variant variant, Outcome outcome, long latencyNanos, double[] values) {
    requests
        .computeIfAbsent(
            variant.label() + '/' + outcome.name(),
            k ->
                Counter.builder("gateway.requests")
                    .description("Requests per variant and outcome")
                    .tag("variant", variant.label())
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry))
        .increment();
    if (latencyNanos >= 0) {
      latency
          .computeIfAbsent(
              variant,
              v ->
                  Timer.builder("gateway.endpoint.latency")
                      .description("Time spent waiting for the model endpoint")
                      .tag("variant", v.label())
                      .serviceLevelObjectives(SLOS)
                      .register(registry))
          .record(latencyNanos, TimeUnit.NANOSECONDS);
    }
    if (values != null) {
      DistributionSummary s =
          predictions.computeIfAbsent(
              variant,
              v ->
                  DistributionSummary.builder("gateway.predictions")
                      .description("Numeric predictions returned")
                      .tag("variant", v.label())
                      .register(registry));
      for (double p : values) {
        if (!Double.isNaN(p)) {
          s.record(p);
        }
      }
    }
  }

  /** A request refused before it was routed (body too large, wrong content type, rate limit). */
  public void rejected(String reason) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("gateway.rejected")
                    .description("Requests refused before routing")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /**
   * A shadow copy not sent: {@code busy} (too many in flight) or {@code schema} (the shadow model
   * reads other features than the one that answered).
   */
  public void shadowDropped(String reason) {
    shadowDropped
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("gateway.shadow.dropped")
                    .description("Shadow copies not sent")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /** A request the canary failed and the stable endpoint answered instead. */
  public void canaryFallback() {
    canaryFallbacks.increment();
  }

  private static Duration[] slos() {
    double[] bounds = GatewayWindow.LATENCY_BOUNDS_MS;
    Duration[] d = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      d[i] = Duration.ofNanos((long) (bounds[i] * 1_000_000));
    }
    return d;
  }
}
