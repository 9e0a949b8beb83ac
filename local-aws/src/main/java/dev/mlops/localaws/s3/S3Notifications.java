package dev.mlops.localaws.s3;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.LocalAwsConfig.NotificationSpec;
import dev.mlops.localaws.LocalAwsOptions;
import dev.mlops.localaws.sqs.SqsSender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 event notifications to SQS, in S3's own JSON ({@code Records[].eventName}, {@code
 * s3.bucket.name}, {@code s3.object.key} URL-encoded as S3 does, {@code size}, {@code eTag}, {@code
 * sequencer}). Rules come from the config; a bucket's rules set with
 * PutBucketNotificationConfiguration replace the configured ones for that bucket and are kept in
 * {@code <data>/s3-notifications.json}.
 */
public final class S3Notifications {

  private static final Logger LOG = LoggerFactory.getLogger(S3Notifications.class);
  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final List<NotificationSpec> configured;
  private final Map<String, List<NotificationSpec>> perBucket = new ConcurrentHashMap<>();
  private final Path store;
  private final SqsSender sqs;
  private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

  public S3Notifications(List<NotificationSpec> configured, Path store, SqsSender sqs) {
    this.configured = List.copyOf(configured);
    this.store = store;
    this.sqs = sqs;
    if (Files.isRegularFile(store)) {
      Map<String, List<NotificationSpec>> saved =
          Json.mapper()
              .convertValue(
                  Json.read(store, Map.class),
                  new TypeReference<Map<String, List<NotificationSpec>>>() {});
      perBucket.putAll(saved);
    }
  }

  /** The rules in force for a bucket. */
  public List<NotificationSpec> rules(String bucket) {
    List<NotificationSpec> own = perBucket.get(bucket);
    if (own != null) {
      return own;
    }
    return configured.stream().filter(r -> r.bucket().equals(bucket)).toList();
  }

  /** Replaces a bucket's rules (PutBucketNotificationConfiguration). */
  public synchronized void replace(String bucket, List<NotificationSpec> rules) {
    perBucket.put(bucket, List.copyOf(rules));
    Json.write(store, new HashMap<>(perBucket));
  }

  /**
   * Announces an object event to every matching rule's queue.
   *
   * @param eventName e.g. {@code ObjectCreated:Put} or {@code ObjectRemoved:Delete}
   * @param size the object's size, or -1 for removals
   * @param etag the object's ETag without quotes, or null for removals
   */
  public void announce(String bucket, String key, String eventName, long size, String etag) {
    for (NotificationSpec rule : rules(bucket)) {
      if (!key.startsWith(rule.prefix()) || !key.endsWith(rule.suffix())) {
        continue;
      }
      if (!matches(rule.events(), eventName)) {
        continue;
      }
      String body = compact(event(rule, bucket, key, eventName, size, etag));
      sqs.send(rule.queue(), body, Map.of())
          .onFailure(
              e ->
                  LOG.warn(
                      "S3 notification for s3://{}/{} not delivered: {}",
                      bucket,
                      key,
                      e.getMessage()));
    }
  }

  private static String compact(ObjectNode n) {
    try {
      return Json.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(n);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static boolean matches(List<String> events, String eventName) {
    if (events.isEmpty()) {
      return true;
    }
    for (String e : events) {
      String name = e.startsWith("s3:") ? e.substring(3) : e;
      if (name.endsWith("*")) {
        if (eventName.startsWith(name.substring(0, name.length() - 1))) {
          return true;
        }
      } else if (name.equals(eventName)) {
        return true;
      }
    }
    return false;
  }

  private ObjectNode event(
      NotificationSpec rule, String bucket, String key, String eventName, long size, String etag) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode r = root.putArray("Records").addObject();
    r.put("eventVersion", "2.1");
    r.put("eventSource", "aws:s3");
    r.put("awsRegion", LocalAwsOptions.REGION);
    r.put("eventTime", EVENT_TIME.format(Instant.now()));
    r.put("eventName", eventName);
    r.putObject("userIdentity").put("principalId", "AWS:" + LocalAwsOptions.ACCOUNT);
    r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
    ObjectNode resp = r.putObject("responseElements");
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    resp.put("x-amz-request-id", requestId);
    resp.put("x-amz-id-2", UUID.randomUUID().toString());
    ObjectNode s3 = r.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", rule.id() == null ? "local-aws" : rule.id());
    ObjectNode b = s3.putObject("bucket");
    b.put("name", bucket);
    b.putObject("ownerIdentity").put("principalId", LocalAwsOptions.ACCOUNT);
    b.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode o = s3.putObject("object");
    o.put("key", encodeKey(key));
    if (size >= 0) {
      o.put("size", size);
    }
    if (etag != null) {
      o.put("eTag", etag);
    }
    o.put("sequencer", String.format("%016X", sequence.incrementAndGet()));
    return root;
  }

  /** S3 form-encodes keys in notifications (a space becomes {@code +}) but leaves slashes. */
  public static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }
}
