package dev.mlops.localaws.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * Sends messages from inside local-aws (S3 notifications, SNS deliveries) straight to ElasticMQ, in
 * the same AWS JSON protocol the SDK uses.
 */
public final class SqsSender {

  private final HttpClient client;
  private final int internalPort;
  private final int frontPort;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  public SqsSender(HttpClient client, int internalPort, int frontPort) {
    this.client = client;
    this.internalPort = internalPort;
    this.frontPort = frontPort;
  }

  /**
   * Sends one message; the future fails when ElasticMQ refuses it (e.g. no such queue).
   *
   * @param attributes string message attributes, may be empty
   */
  public Future<Void> send(String queue, String body, Map<String, String> attributes) {
    ObjectNode req = Json.mapper().createObjectNode();
    req.put("QueueUrl", SqsStandIn.queueUrl(frontPort, queue));
    req.put("MessageBody", body);
    if (!attributes.isEmpty()) {
      ObjectNode attrs = req.putObject("MessageAttributes");
      attributes.forEach(
          (k, v) -> {
            ObjectNode a = attrs.putObject(k);
            a.put("DataType", "String");
            a.put("StringValue", v);
          });
    }
    RequestOptions opts =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(internalPort)
            .setURI("/")
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AmazonSQS.SendMessage");
    inFlight.incrementAndGet();
    return client
        .request(opts)
        .compose(r -> r.send(Buffer.buffer(Json.bytes(req))))
        .compose(
            resp ->
                resp.body()
                    .<Void>compose(
                        b ->
                            resp.statusCode() / 100 == 2
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture(
                                    "SQS refused a message for "
                                        + queue
                                        + ": "
                                        + resp.statusCode()
                                        + " "
                                        + b)))
        .onComplete(x -> inFlight.decrementAndGet());
  }

  /** Waits (at most {@code millis}) until every message sent so far has been answered. */
  public void awaitIdle(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
