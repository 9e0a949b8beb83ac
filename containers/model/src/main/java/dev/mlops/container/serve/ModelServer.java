package dev.mlops.container.serve;

import dev.mlops.container.MlPaths;
import dev.mlops.container.predict.ServingModel;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * {@code serve}: the SageMaker inference contract on {@code $SAGEMAKER_BIND_TO_PORT} (default
 * 8080). It listens at once and loads the model in the background: {@code GET /ping} answers 503
 * until the model is ready, then 200, as SageMaker's health check expects.
 *
 * <p>{@code MLOPS_MODEL_WAIT_SECONDS} (default 0) lets the process wait that long for the model
 * files to appear, for hosts that sync the model after the container starts.
 */
public final class ModelServer {

  static final String PORT_ENV = "SAGEMAKER_BIND_TO_PORT";
  static final String WAIT_ENV = "MLOPS_MODEL_WAIT_SECONDS";
  static final String WARMUP_ENV = "MLOPS_WARMUP_REQUESTS";
  static final int DEFAULT_WARMUP_REQUESTS = 20_000;

  /** Requests at least this large are scored on a worker thread, not on the event loop. */
  static final int OFFLOAD_BYTES = 64 * 1024;

  private volatile Invocations invocations;
  private volatile String loading = "the model is loading";

  private ModelServer() {}

  public static int run(MlPaths paths, String[] args) {
    int port;
    try {
      port = HttpStack.port(PORT_ENV);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    ModelServer server = new ModelServer();
    HttpStack stack;
    try {
      stack = HttpStack.start(HttpStack.host(), port, () -> server::handle);
    } catch (Exception e) {
      System.err.println("cannot listen on port " + port + ": " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "serve-shutdown"));
    System.out.println(
        "serve: listening on "
            + HttpStack.host()
            + ":"
            + stack.port()
            + " with "
            + Runtime.getRuntime().availableProcessors()
            + " event loops; loading the model from "
            + paths.model());
    try {
      server.load(paths.model(), waitSeconds());
    } catch (RuntimeException e) {
      String reason = "cannot load the model: " + e.getMessage();
      System.err.println("serve: " + reason);
      writeFailure(paths, reason);
      stack.close();
      return 1;
    }
    return 0; // the event loops keep the process alive
  }

  private static int waitSeconds() {
    String s = System.getenv(WAIT_ENV);
    try {
      return s == null || s.isBlank() ? 0 : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  void load(Path modelDir, int waitSeconds) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(waitSeconds));
    while (!hasModel(modelDir) && Instant.now().isBefore(deadline)) {
      loading = "waiting for the model files in " + modelDir;
      try {
        Thread.sleep(200); // polling the file system: nothing to wait on otherwise
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the model");
      }
    }
    long start = System.nanoTime();
    ServingModel model = ServingModel.load(modelDir);
    Invocations loaded = new Invocations(model);
    long loadedAt = System.nanoTime();
    int warmed = warmUp(loaded, model.encoder().width(), warmUpRequests());
    invocations = loaded;
    System.out.printf(
        "serve: model ready in %d ms (%d warm-up requests in %d ms): %s%n",
        (System.nanoTime() - start) / 1_000_000,
        warmed,
        (System.nanoTime() - loadedAt) / 1_000_000,
        model.predictor().description());
  }

  /**
   * Scores synthetic single-row requests before {@code /ping} says ready, so that the JIT has
   * compiled the request path before real traffic arrives: a cold JVM answers its first thousands
   * of requests several times slower, which a canary's latency check would rightly hold against it.
   */
  static int warmUp(Invocations target, int width, int requests) {
    Random random = new Random(42);
    StringBuilder row = new StringBuilder();
    int done = 0;
    for (int i = 0; i < requests; i++) {
      row.setLength(0);
      for (int f = 0; f < width; f++) {
        if (f > 0) {
          row.append(',');
        }
        if (random.nextInt(10) > 0) { // one value in ten missing, as real rows have
          row.append(Math.round(random.nextGaussian() * 1000) / 10.0);
        }
      }
      try {
        target.invoke(
            Invocations.CSV, Invocations.CSV, row.toString().getBytes(StandardCharsets.UTF_8));
        done++;
      } catch (InvocationException e) {
        // a categorical feature refused a number: that path is warm too
        done++;
      }
    }
    return done;
  }

  private static int warmUpRequests() {
    String s = System.getenv(WARMUP_ENV);
    try {
      return s == null || s.isBlank()
          ? DEFAULT_WARMUP_REQUESTS
          : Math.max(0, Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_WARMUP_REQUESTS;
    }
  }

  private static boolean hasModel(Path dir) {
    try (var files = Files.list(dir)) {
      return files.anyMatch(p -> Files.isRegularFile(p));
    } catch (Exception e) {
      return false;
    }
  }

  private static void writeFailure(MlPaths paths, String reason) {
    try {
      Files.createDirectories(paths.failure().getParent());
      Files.writeString(
          paths.failure(), reason.length() > 1024 ? reason.substring(0, 1024) : reason);
    } catch (Exception e) {
      // the reason is on stderr already
    }
  }

  void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/invocations")) {
      if (req.method() != HttpMethod.POST) {
        problem(req.response(), new InvocationException(405, "use POST for /invocations"));
        return;
      }
      invoke(req);
    } else if (path.equals("/ping")) {
      Invocations ready = invocations;
      if (ready != null) {
        req.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end("{\"status\":\"ok\"}");
      } else {
        problem(req.response(), new InvocationException(503, loading));
      }
    } else if (path.equals("/execution-parameters")) {
      req.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(
              "{\"MaxConcurrentTransforms\":"
                  + Runtime.getRuntime().availableProcessors()
                  + ",\"BatchStrategy\":\"MULTI_RECORD\",\"MaxPayloadInMB\":6}");
    } else {
      problem(req.response(), new InvocationException(404, "no such path: " + path));
    }
  }

  private void invoke(HttpServerRequest req) {
    Invocations ready = invocations;
    if (ready == null) {
      problem(req.response(), new InvocationException(503, loading));
      return;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > Invocations.MAX_BODY_BYTES) {
          tooLarge(req);
          return;
        }
      } catch (NumberFormatException e) {
        problem(req.response(), new InvocationException(400, "bad Content-Length"));
        return;
      }
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    req.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (body.length() + chunk.length() > Invocations.MAX_BODY_BYTES) {
            refused[0] = true;
            tooLarge(req);
            return;
          }
          body.appendBuffer(chunk);
        });
    req.exceptionHandler(e -> refused[0] = true);
    req.endHandler(
        v -> {
          if (refused[0]) {
            return;
          }
          String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
          String accept = req.getHeader(HttpHeaders.ACCEPT);
          byte[] bytes = body.getBytes();
          if (bytes.length < OFFLOAD_BYTES) {
            answer(req.response(), ready, contentType, accept, bytes);
          } else {
            io.vertx.core.Vertx.currentContext()
                .executeBlocking(
                    () -> {
                      answer(req.response(), ready, contentType, accept, bytes);
                      return null;
                    },
                    false);
          }
        });
  }

  private static void answer(
      HttpServerResponse response,
      Invocations ready,
      String contentType,
      String accept,
      byte[] body) {
    try {
      Invocations.Answer a = ready.invoke(contentType, accept, body);
      response.putHeader(HttpHeaders.CONTENT_TYPE, a.contentType());
      if (a.unknownCategories() > 0) {
        response.putHeader("X-Unknown-Categories", Integer.toString(a.unknownCategories()));
      }
      response.end(a.body());
    } catch (InvocationException e) {
      problem(response, e);
    } catch (RuntimeException e) {
      // our fault, not the caller's: say so without internals
      System.err.println("serve: prediction failed: " + e);
      problem(response, new InvocationException(500, "prediction failed; see the endpoint's logs"));
    }
  }

  private static void tooLarge(HttpServerRequest req) {
    HttpServerResponse response = req.response();
    if (!response.ended()) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
      problem(
          response,
          new InvocationException(
              413, "the request body exceeds " + Invocations.MAX_BODY_BYTES + " bytes (6 MB)"));
    }
  }

  private static final String[] TITLES = new String[600];

  static {
    TITLES[400] = "Bad Request";
    TITLES[404] = "Not Found";
    TITLES[405] = "Method Not Allowed";
    TITLES[406] = "Not Acceptable";
    TITLES[413] = "Payload Too Large";
    TITLES[415] = "Unsupported Media Type";
    TITLES[500] = "Internal Server Error";
    TITLES[503] = "Service Unavailable";
  }

  /** RFC 9457 problem details; bad rows also name their row and column. */
  static void problem(HttpServerResponse response, InvocationException e) {
    StringBuilder s =
        new StringBuilder("{\"type\":\"about:blank\",\"title\":\"")
            .append(TITLES[e.status()] == null ? "Error" : TITLES[e.status()])
            .append("\",\"status\":")
            .append(e.status())
            .append(",\"detail\":")
            .append(quote(e.getMessage()));
    if (e.row() != null) {
      s.append(",\"row\":").append(e.row());
    }
    if (e.column() != null) {
      s.append(",\"column\":").append(quote(e.column()));
    }
    s.append('}');
    response
        .setStatusCode(e.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .end(s.toString());
  }

  private static String quote(String text) {
    StringBuilder s = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  /** For tests: a handler over a loaded model, without a process. */
  static Handler<HttpServerRequest> handlerFor(ServingModel model) {
    ModelServer s = new ModelServer();
    s.invocations = new Invocations(model);
    return s::handle;
  }
}
