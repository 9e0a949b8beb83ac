package dev.mlops.localaws.sns;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.LocalAwsConfig.SubscriptionSpec;
import dev.mlops.localaws.LocalAwsConfig.TopicSpec;
import dev.mlops.localaws.LocalAwsOptions;
import dev.mlops.localaws.front.AwsErrors;
import dev.mlops.localaws.front.Xml;
import dev.mlops.localaws.sqs.SqsSender;
import dev.mlops.localaws.sqs.SqsStandIn;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SNS in the query protocol the SDK's SnsClient speaks: CreateTopic, DeleteTopic, ListTopics,
 * GetTopicAttributes, Subscribe, Unsubscribe, ListSubscriptions(ByTopic), SetSubscriptionAttributes
 * (RawMessageDelivery) and Publish. Every published message is logged, appended to {@code
 * <data>/sns/<topic>.outbox.jsonl} (the stand-in for e-mail), and delivered to the topic's SQS
 * subscribers in SNS's JSON envelope (or raw).
 */
public final class SnsStandIn implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(SnsStandIn.class);
  private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");

  private final Vertx vertx;
  private final Path dir;
  private final SqsSender sqs;
  private final Map<String, Topic> topics = new LinkedHashMap<>();

  /** A topic and its subscriptions, as kept in {@code topics.json}. */
  public record Topic(
      @JsonProperty("name") String name, @JsonProperty("subscriptions") List<Subscription> subs) {}

  public record Subscription(
      @JsonProperty("arn") String arn,
      @JsonProperty("protocol") String protocol,
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("raw") boolean raw) {}

  record State(@JsonProperty("topics") List<Topic> topics) {}

  public SnsStandIn(Vertx vertx, Path dir, List<TopicSpec> configured, SqsSender sqs) {
    this.vertx = vertx;
    this.dir = dir;
    this.sqs = sqs;
    Path state = dir.resolve("topics.json");
    if (Files.isRegularFile(state)) {
      for (Topic t : Json.read(state, State.class).topics()) {
        topics.put(t.name(), new Topic(t.name(), new ArrayList<>(t.subs())));
      }
    }
    for (TopicSpec spec : configured) {
      Topic t = topics.computeIfAbsent(spec.name(), n -> new Topic(n, new ArrayList<>()));
      for (SubscriptionSpec s : spec.subscriptions()) {
        boolean known =
            t.subs().stream()
                .anyMatch(
                    x -> x.protocol().equals(s.protocol()) && x.endpoint().equals(s.endpoint()));
        if (!known) {
          t.subs()
              .add(
                  new Subscription(
                      subscriptionArn(t.name()),
                      s.protocol(),
                      s.endpoint(),
                      s.rawMessageDelivery()));
        }
      }
    }
    save();
  }

  @Override
  public void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              Map<String, String> p = new LinkedHashMap<>();
              new QueryStringDecoder(req.query() == null ? "" : req.query(), false)
                  .parameters()
                  .forEach((k, v) -> p.put(k, v.get(0)));
              new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), false)
                  .parameters()
                  .forEach((k, v) -> p.put(k, v.get(0)));
              try {
                String xml = dispatch(p);
                req.response().putHeader("Content-Type", "text/xml").end(xml);
              } catch (SnsError e) {
                AwsErrors.query(req.response(), e.status, e.code, e.getMessage());
              }
            });
  }

  static final class SnsError extends RuntimeException {
    final int status;
    final String code;

    SnsError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private synchronized String dispatch(Map<String, String> p) {
    String action = p.get("Action");
    if (action == null) {
      throw new SnsError(400, "MissingAction", "no Action given");
    }
    return switch (action) {
      case "CreateTopic" -> createTopic(p);
      case "DeleteTopic" -> deleteTopic(p);
      case "ListTopics" -> listTopics();
      case "GetTopicAttributes" -> topicAttributes(p);
      case "Subscribe" -> subscribe(p);
      case "Unsubscribe" -> unsubscribe(p);
      case "ListSubscriptions" -> listSubscriptions(null);
      case "ListSubscriptionsByTopic" -> listSubscriptions(topic(p));
      case "SetSubscriptionAttributes" -> setSubscriptionAttributes(p);
      case "Publish" -> publish(p);
      default -> throw new SnsError(400, "InvalidAction", "unknown action " + action);
    };
  }

  private String createTopic(Map<String, String> p) {
    String name = required(p, "Name");
    if (!TOPIC_NAME.matcher(name).matches()) {
      throw new SnsError(400, "InvalidParameter", "Invalid parameter: Topic Name");
    }
    topics.computeIfAbsent(name, n -> new Topic(n, new ArrayList<>()));
    save();
    return response("CreateTopic", "<TopicArn>" + Xml.escape(topicArn(name)) + "</TopicArn>");
  }

  private String deleteTopic(Map<String, String> p) {
    topics.remove(topicName(required(p, "TopicArn")));
    save();
    return response("DeleteTopic", null);
  }

  private String listTopics() {
    StringBuilder b = new StringBuilder("<Topics>");
    for (String name : topics.keySet()) {
      b.append("<member><TopicArn>")
          .append(Xml.escape(topicArn(name)))
          .append("</TopicArn></member>");
    }
    return response("ListTopics", b.append("</Topics>").toString());
  }

  private String topicAttributes(Map<String, String> p) {
    Topic t = topic(p);
    String arn = topicArn(t.name());
    StringBuilder b = new StringBuilder("<Attributes>");
    entry(b, "TopicArn", arn);
    entry(b, "Owner", LocalAwsOptions.ACCOUNT);
    entry(b, "DisplayName", t.name());
    entry(b, "SubscriptionsConfirmed", String.valueOf(t.subs().size()));
    entry(b, "SubscriptionsPending", "0");
    entry(b, "SubscriptionsDeleted", "0");
    return response("GetTopicAttributes", b.append("</Attributes>").toString());
  }

  private static void entry(StringBuilder b, String k, String v) {
    b.append("<entry><key>")
        .append(Xml.escape(k))
        .append("</key><value>")
        .append(Xml.escape(v))
        .append("</value></entry>");
  }

  private String subscribe(Map<String, String> p) {
    Topic t = topic(p);
    String protocol = required(p, "Protocol");
    String endpoint = required(p, "Endpoint");
    if (protocol.equals("sqs") && SqsStandIn.queueNameFromArn(endpoint) == null) {
      throw new SnsError(400, "InvalidParameter", "Invalid parameter: SQS endpoint ARN");
    }
    boolean raw = "true".equalsIgnoreCase(attribute(p, "Attributes", "RawMessageDelivery"));
    for (Subscription s : t.subs()) {
      if (s.protocol().equals(protocol) && s.endpoint().equals(endpoint)) {
        return response(
            "Subscribe", "<SubscriptionArn>" + Xml.escape(s.arn()) + "</SubscriptionArn>");
      }
    }
    Subscription s = new Subscription(subscriptionArn(t.name()), protocol, endpoint, raw);
    t.subs().add(s);
    save();
    return response("Subscribe", "<SubscriptionArn>" + Xml.escape(s.arn()) + "</SubscriptionArn>");
  }

  private String unsubscribe(Map<String, String> p) {
    String arn = required(p, "SubscriptionArn");
    for (Topic t : topics.values()) {
      t.subs().removeIf(s -> s.arn().equals(arn));
    }
    save();
    return response("Unsubscribe", null);
  }

  private String setSubscriptionAttributes(Map<String, String> p) {
    String arn = required(p, "SubscriptionArn");
    String name = required(p, "AttributeName");
    String value = p.getOrDefault("AttributeValue", "");
    for (Topic t : topics.values()) {
      for (int i = 0; i < t.subs().size(); i++) {
        Subscription s = t.subs().get(i);
        if (s.arn().equals(arn)) {
          if (name.equals("RawMessageDelivery")) {
            t.subs()
                .set(
                    i,
                    new Subscription(
                        s.arn(), s.protocol(), s.endpoint(), "true".equalsIgnoreCase(value)));
            save();
          }
          return response("SetSubscriptionAttributes", null);
        }
      }
    }
    throw new SnsError(404, "NotFound", "Subscription does not exist");
  }

  private String listSubscriptions(Topic only) {
    StringBuilder b = new StringBuilder("<Subscriptions>");
    for (Topic t : topics.values()) {
      if (only != null && only != t) {
        continue;
      }
      for (Subscription s : t.subs()) {
        b.append("<member><TopicArn>")
            .append(Xml.escape(topicArn(t.name())))
            .append("</TopicArn><Protocol>")
            .append(Xml.escape(s.protocol()))
            .append("</Protocol><SubscriptionArn>")
            .append(Xml.escape(s.arn()))
            .append("</SubscriptionArn><Owner>")
            .append(LocalAwsOptions.ACCOUNT)
            .append("</Owner><Endpoint>")
            .append(Xml.escape(s.endpoint()))
            .append("</Endpoint></member>");
      }
    }
    return response(
        only == null ? "ListSubscriptions" : "ListSubscriptionsByTopic",
        b.append("</Subscriptions>").toString());
  }

  private String publish(Map<String, String> p) {
    String arn = p.get("TopicArn") != null ? p.get("TopicArn") : p.get("TargetArn");
    if (arn == null) {
      throw new SnsError(400, "InvalidParameter", "Invalid parameter: TopicArn or TargetArn");
    }
    Topic t = topics.get(topicName(arn));
    if (t == null) {
      throw new SnsError(404, "NotFound", "Topic does not exist");
    }
    String message = required(p, "Message");
    String subject = p.get("Subject");
    Map<String, String[]> attrs = messageAttributes(p);
    String id = UUID.randomUUID().toString();
    String timestamp = Instant.now().toString();
    ObjectNode envelope = Json.mapper().createObjectNode();
    envelope.put("Type", "Notification");
    envelope.put("MessageId", id);
    envelope.put("TopicArn", arn);
    if (subject != null) {
      envelope.put("Subject", subject);
    }
    envelope.put("Message", message);
    envelope.put("Timestamp", timestamp);
    envelope.put("SignatureVersion", "1");
    envelope.put("Signature", "local-aws-does-not-sign");
    envelope.put("SigningCertURL", "http://127.0.0.1/local-aws-does-not-sign.pem");
    envelope.put(
        "UnsubscribeURL",
        "http://127.0.0.1/?Action=Unsubscribe&SubscriptionArn=" + topicArn(t.name()));
    if (!attrs.isEmpty()) {
      ObjectNode ma = envelope.putObject("MessageAttributes");
      attrs.forEach(
          (k, v) -> {
            ObjectNode a = ma.putObject(k);
            a.put("Type", v[0]);
            a.put("Value", v[1]);
          });
    }
    LOG.info("SNS {}: {}{}", t.name(), subject == null ? "" : "[" + subject + "] ", message);
    Path outbox = dir.resolve(t.name() + ".outbox.jsonl");
    vertx.executeBlocking(
        () -> {
          synchronized (SnsStandIn.this) {
            Files.createDirectories(dir);
            Files.writeString(
                outbox,
                compact(envelope) + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          }
          return null;
        },
        true);
    Map<String, String> stringAttrs = new LinkedHashMap<>();
    attrs.forEach((k, v) -> stringAttrs.put(k, v[1]));
    for (Subscription s : t.subs()) {
      if (!s.protocol().equals("sqs")) {
        continue;
      }
      String queue = SqsStandIn.queueNameFromArn(s.endpoint());
      String body = s.raw() ? message : compact(envelope);
      sqs.send(queue, body, s.raw() ? stringAttrs : Map.of())
          .onFailure(e -> LOG.warn("SNS delivery to {} failed: {}", queue, e.getMessage()));
    }
    return response("Publish", "<MessageId>" + id + "</MessageId>");
  }

  private static String compact(ObjectNode n) {
    try {
      return Json.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code MessageAttributes.entry.N.Name/Value.DataType/Value.StringValue}. */
  private static Map<String, String[]> messageAttributes(Map<String, String> p) {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (int i = 1; p.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
      String prefix = "MessageAttributes.entry." + i;
      String type = p.getOrDefault(prefix + ".Value.DataType", "String");
      String value = p.get(prefix + ".Value.StringValue");
      if (value == null) {
        value = p.getOrDefault(prefix + ".Value.BinaryValue", "");
      }
      out.put(p.get(prefix + ".Name"), new String[] {type, value});
    }
    return out;
  }

  /** {@code Attributes.entry.N.key/value}. */
  private static String attribute(Map<String, String> p, String group, String key) {
    for (int i = 1; p.containsKey(group + ".entry." + i + ".key"); i++) {
      if (key.equals(p.get(group + ".entry." + i + ".key"))) {
        return p.get(group + ".entry." + i + ".value");
      }
    }
    return null;
  }

  private Topic topic(Map<String, String> p) {
    Topic t = topics.get(topicName(required(p, "TopicArn")));
    if (t == null) {
      throw new SnsError(404, "NotFound", "Topic does not exist");
    }
    return t;
  }

  private static String required(Map<String, String> p, String name) {
    String v = p.get(name);
    if (v == null || v.isEmpty()) {
      throw new SnsError(400, "InvalidParameter", "Invalid parameter: " + name + " is required");
    }
    return v;
  }

  public static String topicArn(String name) {
    return "arn:aws:sns:" + LocalAwsOptions.REGION + ":" + LocalAwsOptions.ACCOUNT + ":" + name;
  }

  private static String topicName(String arn) {
    return arn.substring(arn.lastIndexOf(':') + 1);
  }

  private static String subscriptionArn(String topic) {
    return topicArn(topic) + ":" + UUID.randomUUID();
  }

  private static String response(String action, String result) {
    StringBuilder b = new StringBuilder();
    b.append('<').append(action).append("Response xmlns=\"").append(NS).append("\">");
    if (result != null) {
      b.append('<').append(action).append("Result>").append(result);
      b.append("</").append(action).append("Result>");
    }
    b.append("<ResponseMetadata><RequestId>")
        .append(UUID.randomUUID())
        .append("</RequestId></ResponseMetadata></")
        .append(action)
        .append("Response>");
    return b.toString();
  }

  private void save() {
    Json.write(dir.resolve("topics.json"), new State(new ArrayList<>(topics.values())));
  }
}
