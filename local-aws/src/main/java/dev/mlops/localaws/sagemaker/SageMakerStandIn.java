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
  private final VariantAutoscaling autoscaling;
  private final Handler<HttpServerRequest> controlPlane;
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
    this.autoscaling =
        new VariantAutoscaling(
            vertx,
            new ResourceStore(state.resolve("scalable-targets")),
            endpoints,
            Duration.ofSeconds(options.autoscalingPeriodSeconds()));
    this.controlPlane =
        req ->
            (req.getHeader("X-Amz-Target").startsWith(VariantAutoscaling.TARGET_PREFIX)
                    ? autoscaling
                    : api)
                .handle(req);
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

  /**
   * SageMaker's control plane ({@code X-Amz-Target: SageMaker.*}) and Application Auto Scaling's
   * for its endpoint variants ({@code AnyScaleFrontendService.*}).
   */
  public Handler<HttpServerRequest> controlPlane() {
    return controlPlane;
  }

  /** Runs one evaluation of the autoscaling policies now (tests). */
  public void evaluateAutoscaling() {
    autoscaling.evaluate(java.time.Instant.now());
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
    autoscaling.close();
    capture.flush();
    training.close();
    processing.close();
    endpoints.close();
  }
}
