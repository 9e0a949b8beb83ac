package dev.mlops.drift.adapter.sns;

import dev.mlops.contract.events.DriftEvent;
import dev.mlops.drift.StorageUnavailableException;
import dev.mlops.drift.alerting.DriftNotifier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Alerts on SNS, drift events on the pipeline-triggers SQS queue. */
public final class AwsDriftNotifier implements DriftNotifier {

  private final SnsClient sns;
  private final String topicArn;
  private final SqsClient sqs;
  private final String triggersUrl;

  public AwsDriftNotifier(SnsClient sns, String topicArn, SqsClient sqs, String triggersUrl) {
    this.sns = sns;
    this.topicArn = topicArn;
    this.sqs = sqs;
    this.triggersUrl = triggersUrl;
  }

  @Override
  public void alert(String subject, String message) {
    try {
      sns.publish(p -> p.topicArn(topicArn).subject(subject).message(message));
    } catch (SdkException e) {
      throw new StorageUnavailableException("SNS publish: " + e.getMessage(), e);
    }
  }

  @Override
  public void driftEvent(DriftEvent event) {
    try {
      sqs.sendMessage(m -> m.queueUrl(triggersUrl).messageBody(event.toJson()));
    } catch (SdkException e) {
      throw new StorageUnavailableException("SQS send: " + e.getMessage(), e);
    }
  }
}
