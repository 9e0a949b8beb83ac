package dev.mlops.container.serve;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP stack of {@code serve}: Vert.x with one event loop and one server instance per core, all
 * sharing the port (Vert.x spreads connections across them). The benchmark's floor server runs on
 * this same stack so that it measures exactly what {@code serve} pays for HTTP.
 */
public final class HttpStack {

  /** Where to listen unless {@code MLOPS_BIND_HOST} says otherwise; the image sets 0.0.0.0. */
  static final String DEFAULT_HOST = "127.0.0.1";

  private final Vertx vertx;
  private final int port;

  private HttpStack(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /**
   * Starts the servers and blocks until they listen.
   *
   * @param handlers makes one request handler per event loop (each runs on its own loop)
   */
  public static HttpStack start(
      String host, int port, Supplier<Handler<HttpServerRequest>> handlers) throws Exception {
    int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(loops)
                .setPreferNativeTransport(true)
                .setWorkerPoolSize(Math.max(2, loops))
                .setBlockedThreadCheckInterval(10_000));
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setTcpNoDelay(true)
            .setTcpFastOpen(true)
            .setReuseAddress(true)
            .setIdleTimeout(120)
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setHandle100ContinueAutomatically(true)
            // SageMaker speaks HTTP/1.1 to containers; no h2c upgrade dance on the hot path
            .setHttp2ClearTextEnabled(false);
    CompletableFuture<Integer> bound = new CompletableFuture<>();
    vertx
        .deployVerticle(
            () ->
                new AbstractVerticle() {
                  @Override
                  public void start(io.vertx.core.Promise<Void> started) {
                    vertx
                        .createHttpServer(options)
                        .requestHandler(handlers.get())
                        .listen()
                        .onSuccess(
                            s -> {
                              bound.complete(s.actualPort());
                              started.complete();
                            })
                        .onFailure(started::fail);
                  }
                },
            new DeploymentOptions().setInstances(loops))
        .onFailure(bound::completeExceptionally);
    try {
      int actual = bound.get(30, TimeUnit.SECONDS);
      return new HttpStack(vertx, actual);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // shutting down anyway
    }
  }

  static String host() {
    String host = System.getenv("MLOPS_BIND_HOST");
    return host == null || host.isBlank() ? DEFAULT_HOST : host;
  }

  /** {@code SAGEMAKER_BIND_TO_PORT}, or 8080 as SageMaker expects. */
  static int port(String fallbackEnv) {
    String p = System.getenv(fallbackEnv);
    if (p == null || p.isBlank()) {
      return 8080;
    }
    try {
      return Integer.parseInt(p.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(fallbackEnv + " is not a port number: '" + p + "'");
    }
  }
}
