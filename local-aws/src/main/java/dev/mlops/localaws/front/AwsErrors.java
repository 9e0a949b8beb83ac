package dev.mlops.localaws.front;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import io.vertx.core.http.HttpServerResponse;
import java.util.UUID;

/** Error answers in the shapes the AWS SDK parses into its typed exceptions. */
public final class AwsErrors {

  private AwsErrors() {}

  /** AWS JSON protocol error ({@code __type}, {@code message}), as SageMaker and SQS send. */
  public static void json(HttpServerResponse resp, int status, String type, String message) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("__type", type);
    body.put("message", message);
    resp.setStatusCode(status)
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .putHeader("x-amzn-ErrorType", type)
        .end(Json.string(body));
  }

  /** AWS query protocol error, as SNS sends. */
  public static void query(HttpServerResponse resp, int status, String code, String message) {
    String xml =
        "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>"
            + (status >= 500 ? "Receiver" : "Sender")
            + "</Type><Code>"
            + Xml.escape(code)
            + "</Code><Message>"
            + Xml.escape(message)
            + "</Message></Error><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ErrorResponse>";
    resp.setStatusCode(status).putHeader("Content-Type", "text/xml").end(xml);
  }

  /** S3's XML error. */
  public static void s3(HttpServerResponse resp, int status, String code, String message) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + Xml.escape(code)
            + "</Code><Message>"
            + Xml.escape(message)
            + "</Message><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></Error>";
    resp.setStatusCode(status).putHeader("Content-Type", "application/xml").end(xml);
  }
}
