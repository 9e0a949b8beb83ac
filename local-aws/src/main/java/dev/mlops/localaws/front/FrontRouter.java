package dev.mlops.localaws.front;

import dev.mlops.localaws.s3.S3Notifications;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The one port: tells the services apart like AWS's own endpoints would, by {@code X-Amz-Target}
 * ({@code AmazonSQS.*}, {@code SageMaker.*}, Application Auto Scaling's {@code
 * AnyScaleFrontendService.*}), by the SigV4 credential scope's service ({@code
 * .../<region>/<service>/aws4_request}), and by SageMaker Runtime's path {@code POST
 * /endpoints/<name>/invocations}. Unsigned requests are S3's.
 */
public final class FrontRouter implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(FrontRouter.class);
  private static final Pattern INVOCATIONS = Pattern.compile("^/endpoints/([^/]+)/invocations$");
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^,\\s]+)");

  private final Vertx vertx;
  private final HttpProxy s3;
  private final HttpProxy sqs;
  private final BlobStore blobStore;
  private final S3Notifications notifications;
  private final S3NotificationConfigApi notificationConfig;
  private final Handler<HttpServerRequest> sns;
  private final Handler<HttpServerRequest> sageMaker;
  private final InvocationHandler runtime;
  private volatile String info = "{}";

  /** SageMaker Runtime's InvokeEndpoint. */
  public interface InvocationHandler {
    void invoke(HttpServerRequest req, String endpointName);
  }

  public FrontRouter(
      Vertx vertx,
      HttpProxy s3,
      HttpProxy sqs,
      BlobStore blobStore,
      S3Notifications notifications,
      Handler<HttpServerRequest> sns,
      Handler<HttpServerRequest> sageMaker,
      InvocationHandler runtime) {
    this.vertx = vertx;
    this.s3 = s3;
    this.sqs = sqs;
    this.blobStore = blobStore;
    this.notifications = notifications;
    this.notificationConfig = new S3NotificationConfigApi(notifications);
    this.sns = sns;
    this.sageMaker = sageMaker;
    this.runtime = runtime;
  }

  @Override
  public void handle(HttpServerRequest req) {
    try {
      route(req);
    } catch (RuntimeException e) {
      LOG.error("request {} {} failed", req.method(), req.uri(), e);
      if (!req.response().headWritten()) {
        AwsErrors.json(req.response(), 500, "InternalFailure", "local-aws: " + e.getMessage());
      }
    }
  }

  private void route(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/_localaws/info")) {
      req.response().putHeader("Content-Type", "application/json").end(info);
      return;
    }
    if (path.equals("/_localaws/health")) {
      req.response().putHeader("Content-Type", "application/json").end("{\"status\":\"ready\"}");
      return;
    }
    if (req.method() == HttpMethod.POST) {
      Matcher m = INVOCATIONS.matcher(path);
      if (m.matches()) {
        runtime.invoke(req, percentDecode(m.group(1)));
        return;
      }
    }
    String target = req.getHeader("X-Amz-Target");
    if (target != null) {
      if (target.startsWith("AmazonSQS.")) {
        sqs.forward(req);
      } else if (target.startsWith("SageMaker.") || target.startsWith("AnyScaleFrontendService.")) {
        // SageMaker's control plane, and Application Auto Scaling's for its endpoint variants
        sageMaker.handle(req);
      } else {
        AwsErrors.json(
            req.response(), 400, "UnknownOperationException", "unknown target " + target);
      }
      return;
    }
    String service = signingService(req);
    switch (service == null ? "s3" : service) {
      case "sqs" -> sqs.forward(req);
      case "sns" -> sns.handle(req);
      case "sagemaker" ->
          AwsErrors.json(req.response(), 400, "UnknownOperationException", "no X-Amz-Target given");
      default -> s3(req);
    }
  }

  /** What {@code GET /_localaws/info} answers: the content of {@code <data>/local-aws.json}. */
  public void info(String json) {
    this.info = json;
  }

  /** The service of the SigV4 credential scope, from the header or a presigned URL. */
  static String signingService(HttpServerRequest req) {
    String auth = req.getHeader("Authorization");
    String credential = null;
    if (auth != null) {
      Matcher m = CREDENTIAL.matcher(auth);
      if (m.find()) {
        credential = m.group(1);
      }
    }
    if (credential == null) {
      credential = req.getParam("X-Amz-Credential");
    }
    if (credential == null) {
      return null;
    }
    String[] parts = credential.split("/");
    return parts.length >= 5 ? parts[parts.length - 2].toLowerCase(Locale.ROOT) : null;
  }

  private void s3(HttpServerRequest req) {
    String path = req.path();
    String rest = path.length() > 1 ? path.substring(1) : "";
    int slash = rest.indexOf('/');
    String bucket = percentDecode(slash < 0 ? rest : rest.substring(0, slash));
    String key = slash < 0 ? "" : percentDecode(rest.substring(slash + 1));
    MultiMap params = req.params();
    if (key.isEmpty() && params.contains("notification") && !bucket.isEmpty()) {
      notificationConfig.handle(req, bucket);
      return;
    }
    String event = eventName(req.method(), key, params, req.getHeader("x-amz-copy-source"));
    if (event == null) {
      s3.forward(req);
      return;
    }
    s3.forward(
        req,
        (status, headers) -> {
          if (status / 100 != 2) {
            return;
          }
          if (event.startsWith("ObjectRemoved")) {
            notifications.announce(bucket, key, event, -1, null);
            return;
          }
          vertx
              .executeBlocking(
                  () -> {
                    HeadObjectResponse head = blobStore.blobMetadataIfPresent(bucket, key);
                    if (head != null) {
                      String etag = head.eTag() == null ? null : head.eTag().replace("\"", "");
                      long size = head.contentLength() == null ? -1 : head.contentLength();
                      notifications.announce(bucket, key, event, size, etag);
                    } else {
                      LOG.warn("s3://{}/{} vanished before its {} event", bucket, key, event);
                    }
                    return null;
                  },
                  false)
              .onFailure(e -> LOG.warn("S3 event for s3://{}/{} failed", bucket, key, e));
        });
  }

  /** The S3 event a successful request causes, or null. */
  static String eventName(HttpMethod method, String key, MultiMap params, String copySource) {
    if (key.isEmpty()) {
      return null;
    }
    if (method == HttpMethod.PUT
        && !params.contains("partNumber")
        && !params.contains("uploadId")
        && !params.contains("tagging")
        && !params.contains("acl")) {
      return copySource != null ? "ObjectCreated:Copy" : "ObjectCreated:Put";
    }
    if (method == HttpMethod.POST && params.contains("uploadId")) {
      return "ObjectCreated:CompleteMultipartUpload";
    }
    if (method == HttpMethod.DELETE
        && !params.contains("uploadId")
        && !params.contains("tagging")) {
      return "ObjectRemoved:Delete";
    }
    return null;
  }

  /**
   * Decodes a URL path segment ({@code +} stays a plus, unlike form decoding); a {@code %} not
   * followed by two hex digits is kept as it is.
   */
  public static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
