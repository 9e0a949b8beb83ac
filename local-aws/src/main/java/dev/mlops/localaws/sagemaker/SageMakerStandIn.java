package dev.mlops.localaws.sagemaker;

import dev.mlops.localaws.LocalAwsOptions;
import dev.mlops.localaws.front.AwsErrors;
import dev.mlops.localaws.front.FrontRouter;
import dev.mlops.localaws.s3.ObjectStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;

/** SageMaker: not yet. */
public final class SageMakerStandIn implements AutoCloseable {

  public SageMakerStandIn(
      Vertx vertx, LocalAwsOptions options, Path dir, ObjectStore objects, HttpClient client) {}

  public Handler<HttpServerRequest> controlPlane() {
    return req -> AwsErrors.json(req.response(), 400, "UnknownOperationException", "not yet");
  }

  public FrontRouter.InvocationHandler runtime() {
    return (req, name) -> AwsErrors.json(req.response(), 400, "ValidationException", "not yet");
  }

  public void restore() {}

  @Override
  public void close() {}
}
