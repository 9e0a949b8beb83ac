package dev.mlops.localaws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.front.AwsErrors;
import dev.mlops.localaws.front.EventLoopClients;
import dev.mlops.localaws.front.FrontRouter;
import dev.mlops.localaws.front.HttpProxy;
import dev.mlops.localaws.postgres.PostgresStandIn;
import dev.mlops.localaws.s3.ObjectStore;
import dev.mlops.localaws.s3.S3Notifications;
import dev.mlops.localaws.s3.S3StandIn;
import dev.mlops.localaws.sagemaker.SageMakerStandIn;
import dev.mlops.localaws.sns.SnsStandIn;
import dev.mlops.localaws.sqs.SqsSender;
import dev.mlops.localaws.sqs.SqsStandIn;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running local-aws: the front port and every stand-in behind it. {@link #start} returns once
 * all of them answer; {@link #close} stops them in reverse order (flushing data capture, stopping
 * endpoint processes, shutting PostgreSQL down cleanly).
 */
public final class LocalAws implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);
  private static final java.util.concurrent.atomic.AtomicBoolean RUNNING =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final LocalAwsOptions options;
  private final Vertx vertx;
  private final HttpServer server;
  private final List<HttpServer> servers;
  private final PostgresStandIn postgres;
  private final Deque<AutoCloseable> closeables;
  private final FileLock lock;
  private final SageMakerStandIn sageMaker;
  private final ObjectStore objects;
  private volatile boolean closed;

  private LocalAws(
      LocalAwsOptions options,
      Vertx vertx,
      List<HttpServer> servers,
      PostgresStandIn postgres,
      Deque<AutoCloseable> closeables,
      FileLock lock,
      SageMakerStandIn sageMaker,
      ObjectStore objects) {
    this.options = options;
    this.vertx = vertx;
    this.server = servers.get(0);
    this.servers = List.copyOf(servers);
    this.postgres = postgres;
    this.closeables = closeables;
    this.lock = lock;
    this.sageMaker = sageMaker;
    this.objects = objects;
  }

  /** Starts everything; throws when a part cannot start (and stops what had started). */
  public static LocalAws start(LocalAwsOptions o) {
    if (!RUNNING.compareAndSet(false, true)) {
      // ElasticMQ's SQL message store keeps its connection pool in a JVM-wide singleton
      throw new IllegalStateException("a local-aws is already running in this JVM");
    }
    Path data = o.dataDir();
    Deque<AutoCloseable> started = new ArrayDeque<>();
    started.push(() -> RUNNING.set(false));
    FileLock lock = lockDataDir(data);
    started.push(() -> lock.channel().close());
    try {
      Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32));
      started.push(
          () -> vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
      DelegatingHandler front = new DelegatingHandler();
      // one server per event loop on the same port, each in its own verticle so that each has its
      // own event loop: Vert.x spreads connections over them (a negative port is Vert.x's shared
      // random port)
      int requested = o.port() == 0 ? -1 : o.port();
      List<HttpServer> servers = java.util.Collections.synchronizedList(new ArrayList<>());
      vertx
          .deployVerticle(
              () ->
                  new AbstractVerticle() {
                    @Override
                    public void start(Promise<Void> started) {
                      listen(vertx, requested, front)
                          .onSuccess(
                              s -> {
                                servers.add(s);
                                started.complete();
                              })
                          .onFailure(started::fail);
                    }
                  },
              new DeploymentOptions()
                  .setInstances(Math.max(2, Runtime.getRuntime().availableProcessors())))
          .toCompletionStage()
          .toCompletableFuture()
          .join();
      HttpServer server = servers.get(0);
      int port = server.actualPort();

      CompletableFuture<PostgresStandIn> pg =
          CompletableFuture.supplyAsync(
              () ->
                  PostgresStandIn.start(
                      data.resolve("postgres"),
                      o.postgresPort(),
                      data.resolve("logs").resolve("postgres.log")));
      CompletableFuture<SqsStandIn> sqsF =
          CompletableFuture.supplyAsync(
              () -> SqsStandIn.start(data.resolve("sqs"), port, freePort(), o.config().queues()));
      CompletableFuture<S3StandIn> s3F =
          CompletableFuture.supplyAsync(
              () -> S3StandIn.start(data.resolve("s3"), o.config().buckets()));
      long t0 = System.nanoTime();
      PostgresStandIn postgres = awaitPart(pg, started);
      long tPg = System.nanoTime();
      SqsStandIn sqs = awaitPart(sqsF, started);
      long tSqs = System.nanoTime();
      S3StandIn s3 = awaitPart(s3F, started);
      LOG.info(
          "PostgreSQL ready after {} ms, SQS after {} ms, S3 after {} ms (started together)",
          (tPg - t0) / 1_000_000,
          (tSqs - t0) / 1_000_000,
          (System.nanoTime() - t0) / 1_000_000);

      EventLoopClients clients =
          new EventLoopClients(
              () ->
                  vertx
                      .httpClientBuilder()
                      .with(
                          new HttpClientOptions()
                              .setKeepAlive(true)
                              .setTcpNoDelay(true)
                              .setIdleTimeout(60))
                      .with(new PoolOptions().setHttp1MaxSize(64))
                      // a serving process that stops drops its pooled connections: not worth a
                      // log line
                      .withConnectHandler(
                          conn ->
                              conn.exceptionHandler(
                                  e -> LOG.debug("backend connection: {}", e.toString())))
                      .build());
      HttpClient client = clients.shared();
      SqsSender sender = new SqsSender(client, sqs.port(), port);
      // notifications of the last capture files must reach ElasticMQ before it stops
      started.push(() -> sender.awaitIdle(5_000));
      S3Notifications notifications =
          new S3Notifications(
              o.config().notifications(), data.resolve("s3-notifications.json"), sender);
      ObjectStore objects = new ObjectStore(s3.blobStore(), notifications);
      SnsStandIn sns = new SnsStandIn(vertx, data.resolve("sns"), o.config().topics(), sender);
      SageMakerStandIn sageMaker =
          new SageMakerStandIn(vertx, o, data.resolve("sagemaker"), objects, clients);
      started.push(sageMaker);
      FrontRouter router =
          new FrontRouter(
              vertx,
              new HttpProxy(client, s3.port()),
              new HttpProxy(client, sqs.port()),
              s3.blobStore(),
              notifications,
              sns,
              sageMaker.controlPlane(),
              sageMaker.runtime());
      front.delegate = router;
      sageMaker.restore();
      LocalAws aws = new LocalAws(o, vertx, servers, postgres, started, lock, sageMaker, objects);
      router.info(aws.writeReadyFile());
      return aws;
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static io.vertx.core.Future<HttpServer> listen(
      Vertx vertx, int port, Handler<HttpServerRequest> handler) {
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setHandle100ContinueAutomatically(true)
                .setMaxHeaderSize(64 * 1024)
                .setMaxInitialLineLength(64 * 1024)
                .setCompressionSupported(false))
        .requestHandler(handler)
        .connectionHandler(
            conn -> conn.exceptionHandler(e -> LOG.debug("client connection: {}", e.toString())))
        .listen();
  }

  private static <T extends AutoCloseable> T awaitPart(
      CompletableFuture<T> f, Deque<AutoCloseable> started) {
    try {
      T part = f.join();
      started.push(part);
      return part;
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }

  private static FileLock lockDataDir(Path data) {
    try {
      Files.createDirectories(data);
      FileChannel ch =
          FileChannel.open(
              data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        throw new IllegalStateException("another local-aws is running on " + data);
      }
      return l;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use data folder " + data, e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code <data>/local-aws.json}: where the services and scripts read how to reach us. */
  private String writeReadyFile() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("endpoint", endpoint());
    n.put("port", port());
    n.put("region", LocalAwsOptions.REGION);
    n.put("accountId", LocalAwsOptions.ACCOUNT);
    n.put("accessKeyId", "test");
    n.put("secretAccessKey", "test");
    n.put("jdbcUrl", jdbcUrl("postgres"));
    n.put("jdbcUser", PostgresStandIn.USER);
    n.put("jdbcPassword", PostgresStandIn.PASSWORD);
    ObjectNode dbs = n.putObject("databases");
    for (String db : PostgresStandIn.DATABASES) {
      dbs.put(db, jdbcUrl(db));
    }
    n.put("dataDir", options.dataDir().toString());
    n.put("pid", ProcessHandle.current().pid());
    Json.write(options.dataDir().resolve("local-aws.json"), n);
    return Json.string(n);
  }

  public int port() {
    return server.actualPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public String jdbcUrl(String database) {
    return postgres.jdbcUrl(database);
  }

  public Path dataDir() {
    return options.dataDir();
  }

  public ObjectStore objects() {
    return objects;
  }

  public SageMakerStandIn sageMaker() {
    return sageMaker;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (HttpServer s : servers) {
      try {
        s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("front server did not close: {}", e.toString());
      }
    }
    closeAll(closeables);
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      AutoCloseable c = parts.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Answers 503 until every stand-in is up, so early requests are not lost to a 404. */
  private static final class DelegatingHandler implements Handler<HttpServerRequest> {
    volatile Handler<HttpServerRequest> delegate;

    @Override
    public void handle(HttpServerRequest req) {
      Handler<HttpServerRequest> d = delegate;
      if (d == null) {
        AwsErrors.json(req.response(), 503, "ServiceUnavailable", "local-aws is starting");
      } else {
        d.handle(req);
      }
    }
  }
}
