package dev.mlops.drift.alerting;

import dev.mlops.contract.events.DriftEvent;

/** Where the drift monitor tells people (SNS) and the orchestrator (pipeline-triggers). */
public interface DriftNotifier {

  /** Publishes an alert; the message is JSON with an {@code event} field. */
  void alert(String subject, String message);

  /** Asks for retraining. */
  void driftEvent(DriftEvent event);
}
