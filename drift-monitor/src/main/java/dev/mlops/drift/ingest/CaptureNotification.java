package dev.mlops.drift.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 event notification as the capture-events queue carries it, possibly inside an SNS envelope.
 *
 * @param objects the created objects it names (empty for S3's test event and other event types)
 */
public record CaptureNotification(List<ObjectRef> objects) {

  /**
   * Reads a message body.
   *
   * @throws MalformedMessageException for anything that is not a notification
   */
  public static CaptureNotification parse(String body) throws MalformedMessageException {
    JsonNode root = read(body);
    if ("Notification".equals(root.path("Type").asText()) && root.has("Message")) {
      root = read(root.path("Message").asText());
    }
    if ("s3:TestEvent".equals(root.path("Event").asText())) {
      return new CaptureNotification(List.of());
    }
    JsonNode records = root.get("Records");
    if (records == null || !records.isArray()) {
      throw new MalformedMessageException("not an S3 event notification (no Records array)");
    }
    List<ObjectRef> objects = new ArrayList<>();
    for (JsonNode r : records) {
      String event = r.path("eventName").asText("");
      JsonNode s3 = r.path("s3");
      String bucket = s3.path("bucket").path("name").asText(null);
      String key = s3.path("object").path("key").asText(null);
      if (bucket == null || key == null) {
        throw new MalformedMessageException("S3 event record without bucket name or object key");
      }
      if (!event.startsWith("ObjectCreated")) {
        continue; // deletions and the like say nothing about traffic
      }
      String eTag = s3.path("object").path("eTag").asText("").replace("\"", "");
      objects.add(
          new ObjectRef(bucket, decodeKey(key), eTag, s3.path("object").path("size").asLong(-1)));
    }
    return new CaptureNotification(objects);
  }

  private static JsonNode read(String text) throws MalformedMessageException {
    try {
      JsonNode n = Json.mapper().readTree(text);
      if (n == null || !n.isObject()) {
        throw new MalformedMessageException("message body is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new MalformedMessageException("message body is not JSON");
    }
  }

  /** S3 URL-encodes keys in notifications (a space as '+'). */
  static String decodeKey(String key) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key;
    }
  }
}
