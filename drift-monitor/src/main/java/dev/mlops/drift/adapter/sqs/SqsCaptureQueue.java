package dev.mlops.drift.adapter.sqs;

import dev.mlops.drift.StorageUnavailableException;
import dev.mlops.drift.ingest.CaptureQueue;
import dev.mlops.drift.ingest.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** {@link CaptureQueue} on SQS. */
public final class SqsCaptureQueue implements CaptureQueue {

  private final SqsClient sqs;
  private final String queueUrl;
  private final int maxMessages;
  private final int waitSeconds;
  private final int visibilitySeconds;

  public SqsCaptureQueue(
      SqsClient sqs, String queueUrl, int maxMessages, Duration wait, Duration visibility) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.maxMessages = Math.max(1, Math.min(10, maxMessages));
    this.waitSeconds = (int) Math.max(0, Math.min(20, wait.toSeconds()));
    this.visibilitySeconds = (int) Math.max(1, Math.min(43_200, visibility.toSeconds()));
  }

  @Override
  public List<QueueMessage> receive() {
    try {
      List<Message> messages =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(maxMessages)
                          .waitTimeSeconds(waitSeconds)
                          .visibilityTimeout(visibilitySeconds)
                          .messageSystemAttributeNames(
                              MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
              .messages();
      List<QueueMessage> out = new ArrayList<>(messages.size());
      for (Message m : messages) {
        String count = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        out.add(
            new QueueMessage(
                m.messageId(),
                m.receiptHandle(),
                m.body(),
                count == null ? 1 : Integer.parseInt(count)));
      }
      return out;
    } catch (SdkException e) {
      throw new StorageUnavailableException("SQS receive: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(List<QueueMessage> messages) {
    for (int from = 0; from < messages.size(); from += 10) {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(messages.size(), from + 10); i++) {
        entries.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(messages.get(i).receiptHandle())
                .build());
      }
      try {
        DeleteMessageBatchResponse r =
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        if (!r.failed().isEmpty()) {
          throw new StorageUnavailableException(
              "SQS delete failed for "
                  + r.failed().size()
                  + " messages: "
                  + r.failed().get(0).message(),
              null);
        }
      } catch (SdkException e) {
        throw new StorageUnavailableException("SQS delete: " + e.getMessage(), e);
      }
    }
  }
}
