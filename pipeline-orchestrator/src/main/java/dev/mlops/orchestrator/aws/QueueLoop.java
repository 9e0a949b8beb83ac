package dev.mlops.orchestrator.aws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * A long-polling SQS consumer on its own thread. A message is deleted only after its handler has
 * recorded it durably; a malformed one is left alone (made visible again after a short delay), so
 * the queue's redrive policy moves it to the dead-letter queue after maxReceiveCount receives.
 */
public abstract class QueueLoop {

  /** What to do with a handled message. */
  public sealed interface Disposition {
    /** Recorded: delete it. */
    record Delete() implements Disposition {}

    /** Not a message of this queue: leave it for the DLQ. */
    record Malformed(String reason) implements Disposition {}

    /** Could not record it now (database down): let it come back after the visibility timeout. */
    record Retry(String reason) implements Disposition {}
  }

  private final Logger log = Logger.getLogger(getClass());
  private final SqsClient sqs;
  private final String queueName;
  private final Duration wait;
  private final Duration malformedVisibility;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private volatile boolean running;
  private volatile String queueUrl;
  private Thread thread;

  protected QueueLoop(
      SqsClient sqs, String queueName, Duration wait, Duration malformedVisibility) {
    this.sqs = sqs;
    this.queueName = queueName;
    this.wait = wait;
    this.malformedVisibility = malformedVisibility;
  }

  /** Handles one message body. */
  protected abstract Disposition handle(String messageId, String body);

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("sqs-" + queueName).start(this::loop);
  }

  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public long received() {
    return received.get();
  }

  public long malformed() {
    return malformed.get();
  }

  public String queueName() {
    return queueName;
  }

  private void loop() {
    Duration pause = Duration.ofSeconds(1);
    while (running) {
      try {
        if (queueUrl == null) {
          queueUrl = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
          log.infof("consuming %s", queueUrl);
        }
        ReceiveMessageResponse r =
            sqs.receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds((int) Math.min(20, Math.max(0, wait.toSeconds())))
                        .messageSystemAttributeNames(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        for (Message m : r.messages()) {
          received.incrementAndGet();
          dispose(m, safeHandle(m));
        }
        pause = Duration.ofSeconds(1);
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        log.warnf("%s: %s; retrying in %s", queueName, e.getMessage(), pause);
        sleep(pause);
        pause =
            pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : pause.multipliedBy(2);
      }
    }
  }

  private Disposition safeHandle(Message m) {
    try {
      return handle(m.messageId(), m.body());
    } catch (RuntimeException e) {
      return new Disposition.Retry(e.getMessage());
    }
  }

  private void dispose(Message m, Disposition d) {
    switch (d) {
      case Disposition.Delete ignored ->
          sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      case Disposition.Malformed bad -> {
        long n = malformed.incrementAndGet();
        Map<MessageSystemAttributeName, String> attrs = m.attributes();
        log.warnf(
            "%s: malformed message %s (receive %s, %d malformed so far), left for the DLQ: %s",
            queueName,
            m.messageId(),
            attrs.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "?"),
            n,
            bad.reason());
        sqs.changeMessageVisibility(
            b ->
                b.queueUrl(queueUrl)
                    .receiptHandle(m.receiptHandle())
                    .visibilityTimeout((int) malformedVisibility.toSeconds()));
      }
      case Disposition.Retry retry ->
          log.warnf(
              "%s: message %s not recorded, it will come back: %s",
              queueName, m.messageId(), retry.reason());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
