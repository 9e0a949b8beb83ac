package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@org.junit.jupiter.api.extension.ExtendWith(Clients.Shared.class)
class S3StandInTest {

  static LocalAws aws;
  static S3Client s3;
  static SqsClient sqs;

  @BeforeAll
  static void start() {
    aws = Clients.shared();
    s3 = Clients.s3(aws);
    sqs = Clients.sqs(aws);
  }

  @AfterAll
  static void closeClients() {
    s3.close();
    sqs.close();
  }

  @Test
  void putGetListCopyDeleteWithTheSdkDefaults() {
    s3.createBucket(b -> b.bucket("objects-test"));
    s3.putObject(
        b -> b.bucket("objects-test").key("a/one.txt").contentType("text/plain"),
        RequestBody.fromString("hello"));
    s3.putObject(b -> b.bucket("objects-test").key("a/two.txt"), RequestBody.fromString("world!"));

    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects-test").key("a/one.txt")).asUtf8String())
        .isEqualTo("hello");
    assertThat(
            s3.listObjectsV2(b -> b.bucket("objects-test").prefix("a/")).contents().stream()
                .map(S3Object::key))
        .containsExactly("a/one.txt", "a/two.txt");
    assertThat(s3.headObject(b -> b.bucket("objects-test").key("a/two.txt")).contentLength())
        .isEqualTo(6);

    s3.copyObject(
        b ->
            b.sourceBucket("objects-test")
                .sourceKey("a/one.txt")
                .destinationBucket("objects-test")
                .destinationKey("b/copy.txt"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("objects-test").key("b/copy.txt")).asUtf8String())
        .isEqualTo("hello");

    s3.deleteObject(b -> b.bucket("objects-test").key("a/one.txt"));
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("objects-test").key("a/one.txt")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void configuredBucketsExistAndDatasetUploadsAreAnnounced() {
    String queueUrl = sqs.getQueueUrl(b -> b.queueName("pipeline-triggers")).queueUrl();
    s3.putObject(
        b -> b.bucket("mlops-data").key("datasets/txhousing/part 1.csv"),
        RequestBody.fromString("a,b\n1,2\n"));
    // outside the prefix: no notification
    s3.putObject(b -> b.bucket("mlops-data").key("other/x.csv"), RequestBody.fromString("x"));

    List<Message> got = receive(sqs, queueUrl, 1);
    JsonNode record =
        Json.read(got.get(0).body().getBytes(StandardCharsets.UTF_8), JsonNode.class)
            .get("Records")
            .get(0);
    assertThat(record.get("eventVersion").asText()).isEqualTo("2.1");
    assertThat(record.get("eventSource").asText()).isEqualTo("aws:s3");
    assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
    assertThat(record.get("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(record.at("/s3/bucket/name").asText()).isEqualTo("mlops-data");
    assertThat(record.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::mlops-data");
    assertThat(record.at("/s3/object/key").asText()).isEqualTo("datasets/txhousing/part+1.csv");
    assertThat(record.at("/s3/object/size").asLong()).isEqualTo(8);
    assertThat(record.at("/s3/object/eTag").asText()).matches("[0-9a-f]{32}");
    assertThat(record.at("/s3/object/sequencer").asText()).isNotBlank();
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(got.get(0).receiptHandle()));
    assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
        .isEmpty();
  }

  @Test
  void bucketNotificationConfigurationAnnouncesCopyMultipartAndDelete() {
    String queueUrl = sqs.createQueue(b -> b.queueName("s3-events-test")).queueUrl();
    s3.createBucket(b -> b.bucket("notify-test"));
    s3.putBucketNotificationConfiguration(
        b ->
            b.bucket("notify-test")
                .notificationConfiguration(
                    n ->
                        n.queueConfigurations(
                            QueueConfiguration.builder()
                                .id("csv")
                                .queueArn("arn:aws:sqs:us-east-1:000000000000:s3-events-test")
                                .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED)
                                .filter(
                                    f ->
                                        f.key(
                                            k ->
                                                k.filterRules(
                                                    r ->
                                                        r.name(FilterRuleName.SUFFIX)
                                                            .value(".csv"))))
                                .build())));
    assertThat(
            s3.getBucketNotificationConfiguration(b -> b.bucket("notify-test"))
                .queueConfigurations())
        .singleElement()
        .satisfies(q -> assertThat(q.queueArn()).endsWith(":s3-events-test"));

    s3.putObject(b -> b.bucket("notify-test").key("x.txt"), RequestBody.fromString("ignored"));
    s3.putObject(b -> b.bucket("notify-test").key("in.csv"), RequestBody.fromString("1,2"));
    s3.copyObject(
        b ->
            b.sourceBucket("notify-test")
                .sourceKey("in.csv")
                .destinationBucket("notify-test")
                .destinationKey("copy.csv"));
    String uploadId =
        s3.createMultipartUpload(b -> b.bucket("notify-test").key("big.csv")).uploadId();
    byte[] part1 = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(part1, (byte) 'a');
    String e1 =
        s3.uploadPart(
                b -> b.bucket("notify-test").key("big.csv").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1))
            .eTag();
    String e2 =
        s3.uploadPart(
                b -> b.bucket("notify-test").key("big.csv").uploadId(uploadId).partNumber(2),
                RequestBody.fromString("tail"))
            .eTag();
    s3.completeMultipartUpload(
        b ->
            b.bucket("notify-test")
                .key("big.csv")
                .uploadId(uploadId)
                .multipartUpload(
                    CompletedMultipartUpload.builder()
                        .parts(
                            CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build())
                        .build()));
    s3.deleteObject(b -> b.bucket("notify-test").key("in.csv"));

    List<String> events = new ArrayList<>();
    for (Message m : receive(sqs, queueUrl, 4)) {
      JsonNode r =
          Json.read(m.body().getBytes(StandardCharsets.UTF_8), JsonNode.class)
              .get("Records")
              .get(0);
      events.add(r.get("eventName").asText() + " " + r.at("/s3/object/key").asText());
      if (r.get("eventName").asText().equals("ObjectCreated:CompleteMultipartUpload")) {
        assertThat(r.at("/s3/object/size").asLong()).isEqualTo(part1.length + 4);
      }
    }
    assertThat(events)
        .containsExactlyInAnyOrder(
            "ObjectCreated:Put in.csv",
            "ObjectCreated:Copy copy.csv",
            "ObjectCreated:CompleteMultipartUpload big.csv",
            "ObjectRemoved:Delete in.csv");
  }

  /** Receives exactly {@code n} messages, waiting up to 20 s. */
  static List<Message> receive(SqsClient sqs, String queueUrl, int n) {
    List<Message> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got.size() < n && System.nanoTime() < deadline) {
      got.addAll(
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages());
    }
    assertThat(got).hasSize(n);
    return got;
  }
}
