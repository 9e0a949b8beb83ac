package dev.mlops.localaws.sagemaker;

import dev.mlops.localaws.LocalAwsOptions;
import dev.mlops.localaws.front.EventLoopClients;
import dev.mlops.localaws.front.FrontRouter;
import dev.mlops.localaws.s3.ObjectStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * SageMaker, which no emulator offers: training and processing jobs as local processes of the
 * container command, endpoints as local serving processes with production variants and data
 * capture, and the runtime's InvokeEndpoint routed to them. State is kept under {@code
 * <data>/sagemaker/state}, job and endpoint folders under {@code jobs/} and {@code endpoints/}.
 */
public final class SageMakerStandIn implements AutoCloseable {

  /** How many serving processes all endpoints together may run on this machine. */
  static final int MAX_ENDPOINT_INSTANCES = 16;

  private final Vertx vertx;
  private final TrainingJobs training;
  private final ProcessingJobs processing;
  private final Endpoints endpoints;
  private final DataCapture capture;
  private final SageMakerApi api;
  private final Invocations invocations;
  private final long flushTimer;

  public SageMakerStandIn(
      Vertx vertx,
      LocalAwsOptions options,
      Path dir,
      ObjectStore objects,
      EventLoopClients clients) {
    this.vertx = vertx;
    ContainerCommands commands =
        new ContainerCommands(options.config().images(), options.containerCommand());
    Path state = dir.resolve("state");
    this.training =
        new TrainingJobs(
            dir.resolve("jobs"),
            new ResourceStore(state.resolve("training-jobs")),
            objects,
            commands);
    this.processing =
        new ProcessingJobs(
            dir.resolve("jobs"),
            new ResourceStore(state.resolve("processing-jobs")),
            objects,
            commands);
    this.endpoints =
        new Endpoints(
            dir.resolve("endpoints"),
            new ResourceStore(state.resolve("models")),
            new ResourceStore(state.resolve("endpoint-configs")),
            new ResourceStore(state.resolve("endpoints")),
            objects,
            commands,
            Duration.ofSeconds(options.endpointReadySeconds()),
            MAX_ENDPOINT_INSTANCES);
    this.capture = new DataCapture(objects);
    this.api = new SageMakerApi(vertx, training, processing, endpoints);
    this.invocations = new Invocations(endpoints, clients, capture);
    long every = Math.max(1, options.captureFlushSeconds()) * 1000L;
    this.flushTimer =
        vertx.setPeriodic(
            every,
            id ->
                vertx.executeBlocking(
                    () -> {
                      capture.flush();
                      return null;
                    },
                    true));
  }

  public Handler<HttpServerRequest> controlPlane() {
    return api;
  }

  public FrontRouter.InvocationHandler runtime() {
    return invocations;
  }

  /** Fails jobs that a previous run left InProgress and starts the endpoints again. */
  public void restore() {
    training.restore();
    processing.restore();
    endpoints.restore();
  }

  /** Writes buffered capture records now (tests; a clean stop does it too). */
  public void flushCapture() {
    capture.flush();
  }

  @Override
  public void close() {
    vertx.cancelTimer(flushTimer);
    capture.flush();
    training.close();
    processing.close();
    endpoints.close();
  }
}
