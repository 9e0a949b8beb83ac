package dev.mlops.gateway.metrics.adapter.sqs;

import dev.mlops.gateway.metrics.WindowSink;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends window aggregates to an SQS queue named in configuration (its URL looked up once). */
public final class SqsWindowSink implements WindowSink {

  private final SqsClient sqs;
  private final String queueName;
  private volatile String queueUrl;

  public SqsWindowSink(SqsClient sqs, String queueName) {
    this.sqs = sqs;
    this.queueName = queueName;
  }

  @Override
  public void send(String json) {
    String url = queueUrl;
    if (url == null) {
      url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
      queueUrl = url;
    }
    String target = url;
    sqs.sendMessage(b -> b.queueUrl(target).messageBody(json));
  }
}
