package dev.mlops.orchestrator.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.events.DriftEvent;
import dev.mlops.contract.events.SourceChangeEvent;
import dev.mlops.contract.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the trigger queue's message bodies: S3 event notifications, drift and source-change events,
 * each possibly wrapped in an SNS envelope.
 */
public final class TriggerMessages {

  private TriggerMessages() {}

  /**
   * The triggers in one message body; a single {@link TriggerMessage.Malformed} when the body is
   * not a message this queue carries (then nothing else in it is acted on).
   */
  public static List<TriggerMessage> parse(String body, String datasetsPrefix) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (IOException e) {
      return List.of(new TriggerMessage.Malformed("not JSON: " + firstLine(e.getMessage())));
    }
    if (root == null || !root.isObject()) {
      return List.of(new TriggerMessage.Malformed("not a JSON object"));
    }
    if ("Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
      return parse(root.path("Message").asText(), datasetsPrefix);
    }
    if (root.has("Records")) {
      return s3Records(root.path("Records"), datasetsPrefix);
    }
    if ("s3:TestEvent".equals(root.path("Event").asText())) {
      return List.of(new TriggerMessage.Ignored("S3 test event"));
    }
    String type = root.path("type").asText("");
    try {
      if (DriftEvent.TYPE.equals(type)) {
        DriftEvent event = Json.mapper().treeToValue(root, DriftEvent.class);
        if (blank(event.dataset())) {
          return List.of(new TriggerMessage.Malformed("drift event without a dataset"));
        }
        return List.of(new TriggerMessage.Drift(event));
      }
      if (SourceChangeEvent.TYPE.equals(type)) {
        return List.of(
            new TriggerMessage.SourceChange(
                Json.mapper().treeToValue(root, SourceChangeEvent.class)));
      }
    } catch (IOException e) {
      return List.of(
          new TriggerMessage.Malformed("invalid " + type + " event: " + firstLine(e.getMessage())));
    }
    return List.of(
        new TriggerMessage.Malformed(
            type.isEmpty()
                ? "neither an S3 event notification nor a typed event"
                : "unknown event type '" + type + "'"));
  }

  private static List<TriggerMessage> s3Records(JsonNode records, String datasetsPrefix) {
    if (!records.isArray()) {
      return List.of(new TriggerMessage.Malformed("Records is not an array"));
    }
    List<TriggerMessage> out = new ArrayList<>();
    for (JsonNode r : records) {
      String eventName = r.path("eventName").asText("");
      String bucket = r.path("s3").path("bucket").path("name").asText("");
      String rawKey = r.path("s3").path("object").path("key").asText("");
      if (eventName.isEmpty() || bucket.isEmpty() || rawKey.isEmpty()) {
        return List.of(
            new TriggerMessage.Malformed(
                "S3 record without eventName, s3.bucket.name or s3.object.key"));
      }
      String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
      if (!eventName.startsWith("ObjectCreated")) {
        out.add(new TriggerMessage.Ignored(eventName + " " + key));
        continue;
      }
      String dataset = datasetOf(key, datasetsPrefix);
      if (dataset == null) {
        out.add(new TriggerMessage.Ignored("key outside " + datasetsPrefix + "<dataset>/: " + key));
        continue;
      }
      String eTag = r.path("s3").path("object").path("eTag").asText(null);
      out.add(new TriggerMessage.DataUploaded(bucket, key, dataset, eTag));
    }
    if (out.isEmpty()) {
      return List.of(new TriggerMessage.Malformed("S3 event notification without records"));
    }
    return out;
  }

  /** The dataset folder of a key ({@code datasets/txhousing/a.csv} -> txhousing), or null. */
  public static String datasetOf(String key, String datasetsPrefix) {
    if (!key.startsWith(datasetsPrefix)) {
      return null;
    }
    String rest = key.substring(datasetsPrefix.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      return null;
    }
    String dataset = rest.substring(0, slash);
    return dataset.matches("[A-Za-z0-9][A-Za-z0-9._-]*") ? dataset : null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
