package dev.mlops.orchestrator.trigger.adapter.sqs;

import dev.mlops.orchestrator.aws.QueueLoop;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.trigger.TriggerMessage;
import dev.mlops.orchestrator.trigger.TriggerMessages;
import dev.mlops.orchestrator.trigger.Triggers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Consumes {@code pipeline-triggers}: uploads, drift events, source changes. */
@Singleton
public class TriggerQueueConsumer extends QueueLoop {

  private final Triggers triggers;
  private final OrchestratorConfig config;

  public TriggerQueueConsumer(SqsClient sqs, Triggers triggers, OrchestratorConfig config) {
    super(
        sqs,
        config.queues().triggers(),
        config.queues().waitTime(),
        config.queues().malformedVisibility());
    this.triggers = triggers;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.queues().consumersEnabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  @Override
  protected Disposition handle(String messageId, String body) {
    List<TriggerMessage> messages = TriggerMessages.parse(body, config.buckets().datasetsPrefix());
    for (TriggerMessage m : messages) {
      if (m instanceof TriggerMessage.Malformed bad) {
        return new Disposition.Malformed(bad.reason());
      }
    }
    triggers.accept(messageId, messages);
    return new Disposition.Delete();
  }
}
