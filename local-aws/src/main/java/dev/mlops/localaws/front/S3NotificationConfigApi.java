package dev.mlops.localaws.front;

import dev.mlops.localaws.LocalAwsConfig.NotificationSpec;
import dev.mlops.localaws.s3.S3Notifications;
import dev.mlops.localaws.sqs.SqsStandIn;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Put/GetBucketNotificationConfiguration for SQS destinations ({@code QueueConfiguration} with
 * prefix and suffix filter rules). Topic and Lambda destinations are refused.
 */
final class S3NotificationConfigApi {

  private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final S3Notifications notifications;

  S3NotificationConfigApi(S3Notifications notifications) {
    this.notifications = notifications;
  }

  void handle(HttpServerRequest req, String bucket) {
    if (req.method() == HttpMethod.GET) {
      req.response().putHeader("Content-Type", "application/xml").end(render(bucket));
    } else if (req.method() == HttpMethod.PUT) {
      req.body()
          .onSuccess(
              body -> {
                try {
                  notifications.replace(bucket, parse(bucket, body.getBytes()));
                  req.response().setStatusCode(200).end();
                } catch (IllegalArgumentException e) {
                  AwsErrors.s3(req.response(), 400, "InvalidArgument", e.getMessage());
                }
              });
    } else {
      AwsErrors.s3(req.response(), 405, "MethodNotAllowed", "method not allowed");
    }
  }

  private String render(String bucket) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    b.append("<NotificationConfiguration xmlns=\"").append(NS).append("\">");
    for (NotificationSpec r : notifications.rules(bucket)) {
      b.append("<QueueConfiguration>");
      if (r.id() != null) {
        b.append("<Id>").append(Xml.escape(r.id())).append("</Id>");
      }
      b.append("<Queue>").append(Xml.escape(SqsStandIn.queueArn(r.queue()))).append("</Queue>");
      List<String> events = r.events().isEmpty() ? List.of("s3:ObjectCreated:*") : r.events();
      for (String e : events) {
        b.append("<Event>").append(Xml.escape(e)).append("</Event>");
      }
      if (!r.prefix().isEmpty() || !r.suffix().isEmpty()) {
        b.append("<Filter><S3Key>");
        if (!r.prefix().isEmpty()) {
          b.append("<FilterRule><Name>prefix</Name><Value>")
              .append(Xml.escape(r.prefix()))
              .append("</Value></FilterRule>");
        }
        if (!r.suffix().isEmpty()) {
          b.append("<FilterRule><Name>suffix</Name><Value>")
              .append(Xml.escape(r.suffix()))
              .append("</Value></FilterRule>");
        }
        b.append("</S3Key></Filter>");
      }
      b.append("</QueueConfiguration>");
    }
    return b.append("</NotificationConfiguration>").toString();
  }

  static List<NotificationSpec> parse(String bucket, byte[] xml) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IllegalArgumentException("malformed NotificationConfiguration: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!children(root, "TopicConfiguration").isEmpty()
        || !children(root, "CloudFunctionConfiguration").isEmpty()) {
      throw new IllegalArgumentException("local-aws delivers S3 notifications to SQS queues only");
    }
    List<NotificationSpec> rules = new ArrayList<>();
    for (Element qc : children(root, "QueueConfiguration")) {
      String queue = SqsStandIn.queueNameFromArn(text(qc, "Queue"));
      if (queue == null) {
        throw new IllegalArgumentException("QueueConfiguration needs a Queue ARN");
      }
      List<String> events = new ArrayList<>();
      for (Element e : children(qc, "Event")) {
        events.add(e.getTextContent().trim());
      }
      String prefix = "";
      String suffix = "";
      for (Element filter : children(qc, "Filter")) {
        for (Element key : children(filter, "S3Key")) {
          for (Element rule : children(key, "FilterRule")) {
            String name = text(rule, "Name");
            String value = text(rule, "Value");
            if ("prefix".equalsIgnoreCase(name)) {
              prefix = value;
            } else if ("suffix".equalsIgnoreCase(name)) {
              suffix = value;
            }
          }
        }
      }
      rules.add(new NotificationSpec(text(qc, "Id"), bucket, prefix, suffix, queue, events));
    }
    return rules;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && name.equals(localName(e))) {
        out.add(e);
      }
    }
    return out;
  }

  private static String localName(Element e) {
    String n = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    int colon = n.indexOf(':');
    return colon >= 0 ? n.substring(colon + 1) : n;
  }

  private static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0).getTextContent().trim();
  }
}
