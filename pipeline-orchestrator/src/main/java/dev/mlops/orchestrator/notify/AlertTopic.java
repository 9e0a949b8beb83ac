package dev.mlops.orchestrator.notify;

/** Where notifications go (an SNS topic). */
public interface AlertTopic {

  /** Publishes one notification; throws when it could not be delivered. */
  void publish(String subject, String jsonBody);

  /** Whether a topic is configured at all. */
  boolean configured();
}
