package dev.mlops.gateway;

import dev.mlops.gateway.endpoint.CircuitBreaker;
import dev.mlops.gateway.endpoint.EndpointCalls;
import dev.mlops.gateway.endpoint.ModelEndpoint;
import dev.mlops.gateway.metrics.EmfLines;
import dev.mlops.gateway.metrics.GatewayMeters;
import dev.mlops.gateway.metrics.MetricsWindows;
import dev.mlops.gateway.metrics.RequestMetrics;
import dev.mlops.gateway.metrics.WindowPublisher;
import dev.mlops.gateway.metrics.adapter.sqs.SqsWindowSink;
import dev.mlops.gateway.model.ModelCatalog;
import dev.mlops.gateway.model.adapter.s3.S3ModelDocuments;
import dev.mlops.gateway.prediction.InstanceSchema;
import dev.mlops.gateway.prediction.PredictionService;
import dev.mlops.gateway.prediction.ShadowTraffic;
import dev.mlops.gateway.ratelimit.RateLimit;
import dev.mlops.gateway.routing.RoutingTable;
import dev.mlops.gateway.routing.adapter.s3.S3PolicyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the gateway's plain-Java parts from configuration and the AWS clients, and runs their
 * background work: the first policy read at start-up, the metrics timer (outside Lambda), and a
 * last metrics flush at shutdown.
 */
@ApplicationScoped
public class GatewayBeans {

  private static final Logger LOG = Logger.getLogger(GatewayBeans.class);

  private final GatewayConfig config;
  private final boolean inLambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
  private final ExecutorService background;
  private final ThreadPoolExecutor shadowPool;
  private ScheduledExecutorService timer;

  @Inject
  public GatewayBeans(GatewayConfig config) {
    this.config = config;
    this.background =
        new ThreadPoolExecutor(
            1, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), daemons("gateway-policy"));
    this.shadowPool =
        new ThreadPoolExecutor(
            0,
            Math.max(1, config.gateway().routing().shadowConcurrency()),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemons("gateway-shadow"));
  }

  @Produces
  @Singleton
  ModelCatalog modelCatalog(S3Client s3) {
    GatewayConfig.Validation v = config.gateway().validation();
    GatewayConfig.Limits l = config.gateway().limits();
    return new ModelCatalog(
        new S3ModelDocuments(s3),
        config.gateway().routing().bucket(),
        new InstanceSchema.Rules(
            v.requireAllFeatures(),
            v.rejectUnknownFeatures(),
            v.maxLabelLength(),
            l.maxInstances(),
            l.maxListedErrors()),
        System::nanoTime);
  }

  @Produces
  @Singleton
  RoutingTable routingTable(S3Client s3, ModelCatalog catalog) {
    GatewayConfig.Routing r = config.gateway().routing();
    return new RoutingTable(
        new S3PolicyStore(s3, r.bucket(), r.key()),
        r.ttl(),
        r.maxStale(),
        System::nanoTime,
        background,
        policy -> background.execute(() -> catalog.warm(policy)));
  }

  @Produces
  @Singleton
  EndpointCalls endpointCalls(ModelEndpoint endpoint) {
    GatewayConfig.CircuitBreaker cb = config.gateway().endpoint().circuitBreaker();
    return new EndpointCalls(
        endpoint,
        () -> new CircuitBreaker(cb.window(), cb.minimumCalls(), cb.failureRatio(), cb.openFor()),
        System::nanoTime);
  }

  @Produces
  @Singleton
  GatewayMeters gatewayMeters(MeterRegistry registry) {
    return new GatewayMeters(registry);
  }

  @Produces
  @Singleton
  MetricsWindows metricsWindows() {
    return new MetricsWindows(gatewayId(), Instant.now());
  }

  @Produces
  @Singleton
  RequestMetrics requestMetrics(MetricsWindows windows, GatewayMeters meters) {
    return new RequestMetrics(windows, meters);
  }

  @Produces
  @Singleton
  WindowPublisher windowPublisher(MetricsWindows windows, SqsClient sqs, RoutingTable routing) {
    GatewayConfig.Metrics m = config.gateway().metrics();
    boolean emf = m.emf().orElse(inLambda);
    return new WindowPublisher(
        windows,
        new SqsWindowSink(sqs, m.queue()),
        () -> routing.held() == null ? 0 : routing.held().version(),
        Clock.systemUTC(),
        System::nanoTime,
        m.window(),
        m.maxPendingWindows(),
        emf ? new EmfLines(m.emfNamespace()) : null,
        System.out::println);
  }

  @Produces
  @Singleton
  PredictionService predictionService(
      RoutingTable routing, ModelCatalog models, EndpointCalls endpoints, RequestMetrics metrics) {
    GatewayConfig.RateLimit rl = config.gateway().rateLimit();
    ShadowTraffic shadow =
        new ShadowTraffic(
            shadowPool,
            config.gateway().routing().shadowConcurrency(),
            models,
            endpoints,
            metrics,
            System::nanoTime);
    return new PredictionService(
        routing,
        models,
        endpoints,
        metrics,
        shadow,
        new RateLimit(rl.requestsPerSecond(), rl.burst(), System.nanoTime()),
        config.gateway().routing().canaryFallback(),
        System::nanoTime);
  }

  void start(
      @Observes StartupEvent event,
      RoutingTable routing,
      PredictionService predictions,
      WindowPublisher publisher) {
    background.execute(routing::refresh);
    if (!flushInRequest()) {
      timer = Executors.newSingleThreadScheduledExecutor(daemons("gateway-metrics"));
      long every = config.gateway().metrics().window().toMillis();
      timer.scheduleAtFixedRate(
          () -> {
            try {
              publisher.flush();
            } catch (RuntimeException e) {
              LOG.warnf("metrics flush failed: %s", e.getMessage());
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    LOG.infof(
        "inference gateway: policy s3://%s/%s, metrics to %s every %s%s",
        config.gateway().routing().bucket(),
        config.gateway().routing().key(),
        config.gateway().metrics().queue(),
        config.gateway().metrics().window(),
        flushInRequest() ? " (sent at the end of requests)" : "");
  }

  void stop(@Observes ShutdownEvent event, WindowPublisher publisher) {
    if (timer != null) {
      timer.shutdownNow();
    }
    try {
      publisher.flush();
    } catch (RuntimeException e) {
      LOG.warnf("last metrics flush failed: %s", e.getMessage());
    }
    background.shutdownNow();
    shadowPool.shutdownNow();
  }

  /** Whether metrics windows are sent at the end of requests rather than by a timer. */
  public boolean flushInRequest() {
    return config.gateway().metrics().flushInRequest().orElse(inLambda);
  }

  private String gatewayId() {
    return config
        .gateway()
        .metrics()
        .gatewayId()
        .orElseGet(
            () -> {
              String stream = System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
              if (stream != null) {
                return stream;
              }
              String host;
              try {
                host = InetAddress.getLocalHost().getHostName();
              } catch (Exception e) {
                host = "localhost";
              }
              return host + "-" + ProcessHandle.current().pid();
            });
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
