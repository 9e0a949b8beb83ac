package dev.mlops.drift.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Reads a queue as an observer: collects every message body it has seen (and deletes it). */
public final class QueueWatcher {

  private final SqsClient sqs;
  private final String url;
  private final List<JsonNode> seen = new ArrayList<>();

  private QueueWatcher(SqsClient sqs, String url) {
    this.sqs = sqs;
    this.url = url;
  }

  public static QueueWatcher of(SqsClient sqs, String queueName) {
    return new QueueWatcher(sqs, sqs.getQueueUrl(q -> q.queueName(queueName)).queueUrl());
  }

  /** A new queue subscribed to an SNS topic, as an e-mail inbox stand-in. */
  public static QueueWatcher subscribed(
      SqsClient sqs, SnsClient sns, String topicArn, String name) {
    String url = sqs.createQueue(c -> c.queueName(name)).queueUrl();
    String arn =
        sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(arn));
    return new QueueWatcher(sqs, url);
  }

  /** Receives what is there now; returns everything seen so far. */
  public synchronized List<JsonNode> poll() {
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages();
      if (batch.isEmpty()) {
        return new ArrayList<>(seen);
      }
      for (Message m : batch) {
        try {
          seen.add(Json.mapper().readTree(m.body()));
        } catch (Exception e) {
          seen.add(Json.mapper().getNodeFactory().textNode(m.body()));
        }
        sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
    }
  }

  /** SNS envelopes unwrapped: the published messages, as JSON. */
  public List<JsonNode> snsMessages() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : poll()) {
      if (n.has("Message")) {
        try {
          JsonNode inner = Json.mapper().readTree(n.get("Message").asText());
          ((com.fasterxml.jackson.databind.node.ObjectNode) inner)
              .put("_subject", n.path("Subject").asText());
          out.add(inner);
        } catch (Exception e) {
          // not JSON: not ours
        }
      }
    }
    return out;
  }

  public String url() {
    return url;
  }
}
