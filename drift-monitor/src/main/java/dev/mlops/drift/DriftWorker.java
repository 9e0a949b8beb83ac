package dev.mlops.drift;

import dev.mlops.drift.alerting.WindowReporter;
import dev.mlops.drift.ingest.CaptureIngestion;
import dev.mlops.drift.window.WindowHistory;
import dev.mlops.drift.window.WindowStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The one thread that does the work, woken by the scheduler: drain capture-events, close the
 * windows whose time is up, report closed windows. One thread, so the open windows need no locks;
 * several instances share the queue and coordinate through PostgreSQL.
 */
@ApplicationScoped
public class DriftWorker {

  private static final Logger LOG = Logger.getLogger(DriftWorker.class);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);

  @Inject CaptureIngestion ingestion;
  @Inject WindowReporter reporter;
  @Inject WindowStore store;
  @Inject WindowHistory history;
  @Inject DriftMetrics metrics;
  @Inject DriftMonitorConfig config;
  @Inject Clock clock;

  private volatile boolean stopping;
  private volatile Instant firstTick;
  private volatile Instant lastTick;
  private volatile Instant lastSuccess;
  private Instant lastPurge = Instant.EPOCH;

  void restoreGauges(@Observes StartupEvent event) {
    try {
      history.latestReports().forEach(metrics::evaluated);
    } catch (RuntimeException e) {
      LOG.warnf("could not restore the drift gauges: %s", e.getMessage());
    }
  }

  /** A round that starts while the application stops would find its beans gone: skip it. */
  void stopping(@Observes ShutdownEvent event) {
    stopping = true;
  }

  @Scheduled(
      identity = "drift-worker",
      every = "${mlops.consumer.poll-interval}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = DriftWorker.Disabled.class)
  void tick() {
    if (stopping) {
      return;
    }
    lastTick = clock.instant();
    if (firstTick == null) {
      firstTick = lastTick;
    }
    boolean ok = true;
    try {
      ingestion.drain(config.consumer().drainBudget());
    } catch (RuntimeException e) {
      ok = false;
      LOG.warnf("capture-events not consumed this round: %s", e.getMessage());
    }
    try {
      ingestion.closeDue();
      reporter.reportPending();
    } catch (RuntimeException e) {
      ok = false;
      LOG.warnf("windows not closed or reported this round: %s", e.getMessage());
    }
    Instant now = clock.instant();
    if (now.isAfter(lastPurge.plus(PURGE_EVERY))) {
      try {
        store.purgeFoldedObjects(now.minus(config.consumer().foldedObjectRetention()));
        lastPurge = now;
      } catch (RuntimeException e) {
        LOG.warnf("idempotency records not purged: %s", e.getMessage());
      }
    }
    if (ok) {
      lastSuccess = now;
    }
  }

  /** When the first round started: the worker's start. */
  public Instant firstTick() {
    return firstTick;
  }

  /** When the last round started and when one last completed without an outside failure. */
  public Instant lastTick() {
    return lastTick;
  }

  public Instant lastSuccess() {
    return lastSuccess;
  }

  /** Skips the worker when consumption is switched off. */
  @Singleton
  public static class Disabled implements Scheduled.SkipPredicate {
    @Inject DriftMonitorConfig config;

    @Override
    public boolean test(ScheduledExecution execution) {
      return !config.consumer().enabled();
    }
  }
}
