package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.LocalAwsOptions;
import dev.mlops.localaws.front.AwsErrors;
import dev.mlops.localaws.front.EventLoopClients;
import dev.mlops.localaws.front.FrontRouter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.UUID;

/**
 * SageMaker Runtime's InvokeEndpoint: picks the variant (by weight, or {@code
 * X-Amzn-SageMaker-Target-Variant}) and one of its instances in turn, forwards the body with the
 * receiving event loop's own pooled, non-blocking client, answers with {@code
 * x-Amzn-Invoked-Production-Variant}, turns a container's 4xx/5xx into SageMaker's {@code
 * ModelError} (424), and hands sampled pairs to data capture.
 */
final class Invocations implements FrontRouter.InvocationHandler {

  /**
   * A random (version 4) UUID from the thread's own generator: {@link UUID#randomUUID()} goes
   * through one shared SecureRandom, which the event loops would contend for on every request.
   */
  static String fastUuid() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  /** SageMaker's payload limit. */
  static final int MAX_PAYLOAD = 6 * 1024 * 1024;

  private final Endpoints endpoints;
  private final EventLoopClients clients;
  private final DataCapture capture;

  Invocations(Endpoints endpoints, EventLoopClients clients, DataCapture capture) {
    this.endpoints = endpoints;
    this.clients = clients;
    this.capture = capture;
  }

  @Override
  public void invoke(HttpServerRequest req, String name) {
    Endpoints.Live live = endpoints.live(name);
    Deployment dep = live == null ? null : live.deployment;
    if (live == null || endpoints.description(name) == null) {
      AwsErrors.json(
          req.response(),
          400,
          "ValidationError",
          "Endpoint " + name + " of account " + LocalAwsOptions.ACCOUNT + " not found.");
      return;
    }
    if (dep == null) {
      AwsErrors.json(
          req.response(),
          400,
          "ValidationError",
          "Endpoint " + name + " is not in service yet; try again when it is InService.");
      return;
    }
    String target = req.getHeader("X-Amzn-SageMaker-Target-Variant");
    Deployment.Variant variant = target != null ? dep.variant(target) : dep.pick();
    if (variant == null) {
      AwsErrors.json(
          req.response(),
          400,
          "ValidationError",
          target != null
              ? "The variant " + target + " is not present in endpoint " + name + "."
              : "Endpoint " + name + " has no variant with a positive weight.");
      return;
    }
    variant.invocations.increment();
    Deployment.Instance instance = variant.instance();
    if (instance == null) {
      AwsErrors.json(req.response(), 503, "ServiceUnavailable", "no instance is running");
      return;
    }
    req.body()
        .onFailure(e -> AwsErrors.json(req.response(), 400, "ValidationError", e.getMessage()))
        .onSuccess(body -> forward(req, name, dep, variant, instance, body));
  }

  private void forward(
      HttpServerRequest req,
      String endpoint,
      Deployment dep,
      Deployment.Variant variant,
      Deployment.Instance instance,
      Buffer body) {
    if (body.length() > MAX_PAYLOAD) {
      AwsErrors.json(
          req.response(),
          413,
          "ValidationError",
          "Request payload of " + body.length() + " bytes exceeds the 6 MB limit.");
      return;
    }
    String contentType = req.getHeader("Content-Type");
    RequestOptions opts =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(instance.port())
            .setURI("/invocations")
            .setIdleTimeout(60_000);
    if (contentType != null) {
      opts.putHeader("Content-Type", contentType);
    }
    String accept = req.getHeader("Accept");
    if (accept != null) {
      opts.putHeader("Accept", accept);
    }
    String custom = req.getHeader("X-Amzn-SageMaker-Custom-Attributes");
    if (custom != null) {
      opts.putHeader("X-Amzn-SageMaker-Custom-Attributes", custom);
    }
    String inferenceId = req.getHeader("X-Amzn-SageMaker-Inference-Id");
    if (inferenceId != null) {
      opts.putHeader("X-Amzn-SageMaker-Inference-Id", inferenceId);
    }
    clients
        .current()
        .request(opts)
        .compose(r -> r.send(body))
        .compose(resp -> resp.body().map(b -> new Answer(resp, b)))
        .onSuccess(a -> answer(req, endpoint, dep, variant, body, a))
        .onFailure(
            e ->
                modelError(
                    req.response(),
                    endpoint,
                    variant.name,
                    0,
                    "the serving process did not answer: " + e.getMessage()));
  }

  private record Answer(HttpClientResponse response, Buffer body) {}

  private void answer(
      HttpServerRequest req,
      String endpoint,
      Deployment dep,
      Deployment.Variant variant,
      Buffer input,
      Answer a) {
    int status = a.response().statusCode();
    if (status / 100 != 2) {
      modelError(req.response(), endpoint, variant.name, status, a.body().toString());
      return;
    }
    HttpServerResponse resp = req.response();
    String outType = a.response().getHeader("Content-Type");
    resp.putHeader("Content-Type", outType == null ? "application/octet-stream" : outType);
    resp.putHeader("x-Amzn-Invoked-Production-Variant", variant.name);
    resp.putHeader("x-amzn-RequestId", fastUuid());
    String custom = a.response().getHeader("X-Amzn-SageMaker-Custom-Attributes");
    if (custom != null) {
      resp.putHeader("X-Amzn-SageMaker-Custom-Attributes", custom);
    }
    resp.end(a.body());
    if (dep.capture != null) {
      capture.record(
          dep.capture,
          endpoint,
          variant.name,
          fastUuid(),
          req.getHeader("X-Amzn-SageMaker-Inference-Id"),
          req.getHeader("Content-Type"),
          input.getBytes(),
          outType,
          a.body().getBytes());
    }
  }

  /** SageMaker's answer when the container fails a request. */
  private static void modelError(
      HttpServerResponse resp, String endpoint, String variant, int status, String message) {
    String logStream =
        "arn:aws:logs:"
            + LocalAwsOptions.REGION
            + ":"
            + LocalAwsOptions.ACCOUNT
            + ":log-group:/aws/sagemaker/Endpoints/"
            + endpoint;
    ObjectNode b = Json.mapper().createObjectNode();
    b.put("__type", "ModelError");
    b.put(
        "ErrorCode",
        status >= 500 || status == 0 ? "SERVER_ERROR_FROM_MODEL" : "CLIENT_ERROR_FROM_MODEL");
    b.put("OriginalStatusCode", status);
    b.put("OriginalMessage", message);
    b.put("LogStreamArn", logStream);
    b.put(
        "message",
        "Received "
            + (status >= 500 || status == 0 ? "server" : "client")
            + " error ("
            + status
            + ") from "
            + variant
            + " with message \""
            + message
            + "\". See "
            + logStream
            + " in account "
            + LocalAwsOptions.ACCOUNT
            + " for more information.");
    resp.setStatusCode(424)
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("x-amzn-ErrorType", "ModelError")
        .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .end(b.toString());
  }
}
