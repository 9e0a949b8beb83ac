package dev.mlops.orchestrator.trigger.rest;

import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.trigger.PendingTrigger;
import dev.mlops.orchestrator.trigger.SkippedTriggers;
import dev.mlops.orchestrator.trigger.TriggerIntake;
import dev.mlops.orchestrator.trigger.adapter.sqs.TriggerQueueConsumer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The trigger queue consumer's view: pending (debounced) triggers and message counts. */
@Path("/admin/triggers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "triggers")
@SecurityRequirement(name = "bearer")
public class TriggerResource {

  /**
   * Pending triggers, the latest ones deliberately not run (newest first, since start), and the
   * consumer's counters since start.
   */
  public record TriggerStatus(
      List<PendingTrigger> pending,
      List<SkippedTriggers.Skipped> skipped,
      String queue,
      long messagesReceived,
      long malformedMessages) {}

  private final Db db;
  private final TriggerIntake intake;
  private final TriggerQueueConsumer consumer;
  private final SkippedTriggers skipped;

  public TriggerResource(
      Db db, TriggerIntake intake, TriggerQueueConsumer consumer, SkippedTriggers skipped) {
    this.db = db;
    this.intake = intake;
    this.consumer = consumer;
    this.skipped = skipped;
  }

  @GET
  @Operation(summary = "Pending triggers (one per dataset) and the queue consumer's counters")
  public TriggerStatus status() {
    return new TriggerStatus(
        db.tx(intake::all),
        skipped.latest(),
        consumer.queueName(),
        consumer.received(),
        consumer.malformed());
  }
}
