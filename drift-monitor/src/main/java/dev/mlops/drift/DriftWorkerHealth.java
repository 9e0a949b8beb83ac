package dev.mlops.drift;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the worker's rounds succeed (SQS, S3 and PostgreSQL all answer). */
@Readiness
@ApplicationScoped
public class DriftWorkerHealth implements HealthCheck {

  private static final Duration STALE = Duration.ofMinutes(2);

  @Inject DriftWorker worker;
  @Inject DriftMonitorConfig config;
  @Inject Clock clock;

  @Override
  public HealthCheckResponse call() {
    var b = HealthCheckResponse.named("drift-worker");
    if (!config.consumer().enabled()) {
      return b.up().withData("consumer", "disabled").build();
    }
    Instant tick = worker.lastTick();
    Instant ok = worker.lastSuccess();
    if (tick == null) {
      return b.up().withData("consumer", "starting").build();
    }
    boolean healthy = ok != null && ok.isAfter(clock.instant().minus(STALE));
    b.withData("last_round", tick.toString());
    if (ok != null) {
      b.withData("last_successful_round", ok.toString());
    }
    return healthy ? b.up().build() : b.down().build();
  }
}
