package dev.mlops.orchestrator.notify;

import dev.mlops.orchestrator.db.Db;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Sends the outbox's notifications to the alert topic, at least once each. */
@ApplicationScoped
public class OutboxPublisher {

  private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);

  private final Db db;
  private final Outbox outbox;
  private final AlertTopic topic;

  public OutboxPublisher(Db db, Outbox outbox, AlertTopic topic) {
    this.db = db;
    this.outbox = outbox;
    this.topic = topic;
  }

  @Scheduled(
      every = "${mlops.reconcile.interval}",
      delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void publish() {
    db.txRun(
        tx -> {
          for (Outbox.Entry e : outbox.claimUnsent(tx, 50)) {
            if (!topic.configured()) {
              LOG.infof("notification (no topic configured): %s %s", e.subject(), e.body());
              outbox.markSent(tx, e.id(), Instant.now());
              continue;
            }
            try {
              topic.publish(e.subject(), e.body());
              outbox.markSent(tx, e.id(), Instant.now());
            } catch (RuntimeException ex) {
              LOG.warnf(
                  "could not publish notification %d (%s): %s", e.id(), e.event(), ex.getMessage());
              outbox.markFailed(tx, e.id(), String.valueOf(ex.getMessage()));
            }
          }
        });
  }
}
