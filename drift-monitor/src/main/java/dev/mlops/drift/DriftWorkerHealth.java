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
    b.withData("last_round", tick.toString());
    if (ok != null) {
      b.withData("last_successful_round", ok.toString());
    } else {
      b.withData("consumer", "first round not completed yet");
    }
    return healthy(worker.firstTick(), ok, clock.instant()) ? b.up().build() : b.down().build();
  }

  /**
   * Healthy when a round succeeded in the last two minutes, or, before any has, while the worker
   * started less than two minutes ago: the first round (a long poll of the queue, a drain budget)
   * is still running or was retried, which is starting, not failing.
   */
  static boolean healthy(Instant firstRound, Instant lastSuccess, Instant now) {
    Instant since = now.minus(STALE);
    return lastSuccess != null
        ? lastSuccess.isAfter(since)
        : firstRound != null && firstRound.isAfter(since);
  }
}
