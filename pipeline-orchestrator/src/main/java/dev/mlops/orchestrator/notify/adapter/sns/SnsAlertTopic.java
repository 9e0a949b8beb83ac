package dev.mlops.orchestrator.notify.adapter.sns;

import dev.mlops.orchestrator.aws.AwsCalls;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.notify.AlertTopic;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.sns.SnsClient;

/** {@link AlertTopic} on the SNS topic {@code mlops.alerts.topic-arn}. */
@ApplicationScoped
public class SnsAlertTopic implements AlertTopic {

  /** SNS limits subjects to 100 characters. */
  private static final int MAX_SUBJECT = 100;

  private final SnsClient sns;
  private final OrchestratorConfig config;

  public SnsAlertTopic(SnsClient sns, OrchestratorConfig config) {
    this.sns = sns;
    this.config = config;
  }

  @Override
  public void publish(String subject, String jsonBody) {
    String arn = config.alerts().topicArn().orElseThrow();
    String s = subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject;
    AwsCalls.run(
        "Publish " + arn, () -> sns.publish(b -> b.topicArn(arn).subject(s).message(jsonBody)));
  }

  @Override
  public boolean configured() {
    return config.alerts().topicArn().filter(a -> !a.isBlank()).isPresent();
  }
}
