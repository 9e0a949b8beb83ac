package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

@org.junit.jupiter.api.extension.ExtendWith(Clients.Shared.class)
class SqsSnsPostgresTest {

  static LocalAws aws;
  static SqsClient sqs;
  static SnsClient sns;

  @BeforeAll
  static void start() {
    aws = Clients.shared();
    sqs = Clients.sqs(aws);
    sns = Clients.sns(aws);
  }

  @AfterAll
  static void closeClients() {
    sqs.close();
    sns.close();
  }

  @Test
  void configuredQueuesHaveDeadLetterQueues() {
    for (String q : List.of("pipeline-triggers", "capture-events", "gateway-metrics")) {
      String url = sqs.getQueueUrl(b -> b.queueName(q)).queueUrl();
      assertThat(url).isEqualTo(aws.endpoint() + "/000000000000/" + q);
      Map<QueueAttributeName, String> attrs =
          sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
              .attributes();
      assertThat(attrs.get(QueueAttributeName.REDRIVE_POLICY)).contains(q + "-dlq").contains("5");
      assertThat(sqs.getQueueUrl(b -> b.queueName(q + "-dlq")).queueUrl()).endsWith(q + "-dlq");
    }
  }

  @Test
  void sendReceiveDeleteAndRedriveToTheDeadLetterQueue() {
    String dlq = sqs.createQueue(b -> b.queueName("work-dlq")).queueUrl();
    String q =
        sqs.createQueue(
                b ->
                    b.queueName("work")
                        .attributes(
                            Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:work-dlq\",\"maxReceiveCount\":\"2\"}",
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "1")))
            .queueUrl();
    sqs.sendMessage(b -> b.queueUrl(q).messageBody("keep"));
    sqs.sendMessage(b -> b.queueUrl(q).messageBody("poison"));
    // SQS moves a message to the dead-letter queue when a receive would exceed maxReceiveCount
    Message keep = null;
    List<Message> dead = List.of();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline && (keep == null || dead.isEmpty())) {
      for (Message m :
          sqs.receiveMessage(b -> b.queueUrl(q).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        if (m.body().equals("keep")) {
          keep = m;
          sqs.deleteMessage(b -> b.queueUrl(q).receiptHandle(m.receiptHandle()));
        }
      }
      dead = sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)).messages();
    }
    assertThat(keep).isNotNull();
    assertThat(dead).extracting(Message::body).containsExactly("poison");
    assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("no-such-queue")))
        .isInstanceOf(QueueDoesNotExistException.class);
  }

  @Test
  void snsPublishesToOutboxAndSqsSubscribersInTheEnvelopeOrRaw() throws Exception {
    String topicArn = sns.createTopic(b -> b.name("deployments")).topicArn();
    assertThat(topicArn).isEqualTo("arn:aws:sns:us-east-1:000000000000:deployments");
    assertThat(sns.listTopics().topics()).extracting(t -> t.topicArn()).contains(topicArn);
    String enveloped = sqs.createQueue(b -> b.queueName("sns-enveloped")).queueUrl();
    String raw = sqs.createQueue(b -> b.queueName("sns-raw")).queueUrl();
    sns.subscribe(
        b ->
            b.topicArn(topicArn)
                .protocol("sqs")
                .endpoint("arn:aws:sqs:us-east-1:000000000000:sns-enveloped"));
    String rawSub =
        sns.subscribe(
                b ->
                    b.topicArn(topicArn)
                        .protocol("sqs")
                        .endpoint("arn:aws:sqs:us-east-1:000000000000:sns-raw")
                        .attributes(Map.of("RawMessageDelivery", "true")))
            .subscriptionArn();
    assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions()).hasSize(2);

    String id =
        sns.publish(
                b ->
                    b.topicArn(topicArn)
                        .subject("model promoted")
                        .message("txhousing v3 is live")
                        .messageAttributes(
                            Map.of(
                                "severity",
                                MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("info")
                                    .build())))
            .messageId();

    JsonNode env =
        Json.read(
            S3StandInTest.receive(sqs, enveloped, 1).get(0).body().getBytes(StandardCharsets.UTF_8),
            JsonNode.class);
    assertThat(env.get("Type").asText()).isEqualTo("Notification");
    assertThat(env.get("MessageId").asText()).isEqualTo(id);
    assertThat(env.get("TopicArn").asText()).isEqualTo(topicArn);
    assertThat(env.get("Subject").asText()).isEqualTo("model promoted");
    assertThat(env.get("Message").asText()).isEqualTo("txhousing v3 is live");
    assertThat(env.get("Timestamp").asText()).endsWith("Z");
    assertThat(env.at("/MessageAttributes/severity/Value").asText()).isEqualTo("info");

    Message rawMessage = S3StandInTest.receive(sqs, raw, 1).get(0);
    assertThat(rawMessage.body()).isEqualTo("txhousing v3 is live");

    Path outbox = aws.dataDir().resolve("sns/deployments.outbox.jsonl");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> Files.exists(outbox) && Files.readString(outbox).contains(id));

    sns.unsubscribe(b -> b.subscriptionArn(rawSub));
    assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions()).hasSize(1);
    assertThatThrownBy(
            () ->
                sns.publish(
                    b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:nope").message("x")))
        .isInstanceOf(NotFoundException.class);
    assertThat(sns.listTopics().topics())
        .extracting(t -> t.topicArn())
        .contains("arn:aws:sns:us-east-1:000000000000:alerts");
  }

  @Test
  void postgresHasTheServiceDatabases() throws Exception {
    for (String db : List.of("orchestrator", "drift", "mlops")) {
      try (Connection c = DriverManager.getConnection(aws.jdbcUrl(db), "postgres", "postgres");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_database(), version()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(db);
        assertThat(rs.getString(2)).startsWith("PostgreSQL");
      }
    }
    JsonNode ready = Json.read(aws.dataDir().resolve("local-aws.json"), JsonNode.class);
    assertThat(ready.get("endpoint").asText()).isEqualTo(aws.endpoint());
    assertThat(ready.at("/databases/orchestrator").asText()).isEqualTo(aws.jdbcUrl("orchestrator"));
    assertThat(ready.get("jdbcUser").asText()).isEqualTo("postgres");
  }
}
