package dev.mlops.orchestrator.trigger;

import dev.mlops.contract.events.DriftEvent;
import dev.mlops.contract.events.SourceChangeEvent;

/** What one message on the trigger queue says. */
public sealed interface TriggerMessage {

  /** An object was created under a dataset folder. */
  record DataUploaded(String bucket, String key, String dataset, String eTag)
      implements TriggerMessage {}

  /** The drift monitor asks for retraining. */
  record Drift(DriftEvent event) implements TriggerMessage {}

  /** CI built new training code. */
  record SourceChange(SourceChangeEvent event) implements TriggerMessage {}

  /** Well formed, but nothing to do (an S3 test event, a deletion, a key outside datasets). */
  record Ignored(String reason) implements TriggerMessage {}

  /** Not a message this queue carries: left for the dead-letter queue. */
  record Malformed(String reason) implements TriggerMessage {}
}
