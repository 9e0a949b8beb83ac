package dev.mlops.localaws;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What local-aws creates at start-up: queues (with their dead-letter queues), buckets, S3 event
 * notifications, SNS topics with subscriptions, and the image URI to command map for SageMaker. The
 * built-in default ({@code default-config.json}) is the one our system needs; {@code --config}
 * replaces it whole.
 *
 * @param queues SQS queues; each may name a dead-letter queue, created too
 * @param buckets S3 buckets
 * @param notifications S3 event notifications to SQS
 * @param topics SNS topics
 * @param images image URI (or {@code *} for every other image) to the command that runs it, as
 *     words separated by spaces; an empty map runs every image with {@code --container-command}
 */
public record LocalAwsConfig(
    @JsonProperty("queues") List<QueueSpec> queues,
    @JsonProperty("buckets") List<String> buckets,
    @JsonProperty("notifications") List<NotificationSpec> notifications,
    @JsonProperty("topics") List<TopicSpec> topics,
    @JsonProperty("images") Map<String, String> images) {

  public LocalAwsConfig {
    queues = queues == null ? List.of() : List.copyOf(queues);
    buckets = buckets == null ? List.of() : List.copyOf(buckets);
    notifications = notifications == null ? List.of() : List.copyOf(notifications);
    topics = topics == null ? List.of() : List.copyOf(topics);
    images = images == null ? Map.of() : Map.copyOf(images);
  }

  /**
   * @param name queue name
   * @param deadLetterQueue name of its dead-letter queue (created if missing), or null
   * @param maxReceiveCount receives before a message moves to the dead-letter queue
   * @param visibilityTimeoutSeconds default visibility timeout, or null for SQS's 30 s
   */
  public record QueueSpec(
      @JsonProperty("name") String name,
      @JsonProperty("deadLetterQueue") String deadLetterQueue,
      @JsonProperty("maxReceiveCount") Integer maxReceiveCount,
      @JsonProperty("visibilityTimeoutSeconds") Integer visibilityTimeoutSeconds) {}

  /**
   * An S3 event notification: objects created or removed in {@code bucket} whose key starts with
   * {@code prefix} and ends with {@code suffix} are announced on {@code queue}.
   *
   * @param events S3 event types, e.g. {@code s3:ObjectCreated:*}; empty means every event
   */
  public record NotificationSpec(
      @JsonProperty("id") String id,
      @JsonProperty("bucket") String bucket,
      @JsonProperty("prefix") String prefix,
      @JsonProperty("suffix") String suffix,
      @JsonProperty("queue") String queue,
      @JsonProperty("events") List<String> events) {

    public NotificationSpec {
      prefix = prefix == null ? "" : prefix;
      suffix = suffix == null ? "" : suffix;
      events = events == null ? List.of() : List.copyOf(events);
    }
  }

  /** An SNS topic and its subscriptions. */
  public record TopicSpec(
      @JsonProperty("name") String name,
      @JsonProperty("subscriptions") List<SubscriptionSpec> subscriptions) {

    public TopicSpec {
      subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }
  }

  /**
   * @param protocol only {@code sqs} is delivered; others are recorded
   * @param endpoint the queue ARN
   * @param rawMessageDelivery deliver the bare message instead of SNS's JSON envelope
   */
  public record SubscriptionSpec(
      @JsonProperty("protocol") String protocol,
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("rawMessageDelivery") boolean rawMessageDelivery) {}

  /** The configuration our system needs, from {@code default-config.json}. */
  public static LocalAwsConfig builtIn() {
    try (InputStream in = LocalAwsConfig.class.getResourceAsStream("/default-config.json")) {
      return Json.mapper().readValue(in, LocalAwsConfig.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LocalAwsConfig read(Path file) {
    return Json.read(file, LocalAwsConfig.class);
  }
}
