package dev.mlops.localaws.front;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/** Streams a request to a server on another loopback port and its answer back. */
public final class HttpProxy {

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "expect",
          "host",
          "content-length");

  private final HttpClient client;
  private final int port;

  public HttpProxy(HttpClient client, int port) {
    this.client = client;
    this.port = port;
  }

  /** Forwards as is. */
  public void forward(HttpServerRequest req) {
    forward(req, null);
  }

  /**
   * Forwards and, once the answer has been sent in full, calls {@code done} with the request and
   * the backend's status and headers.
   */
  public void forward(HttpServerRequest req, BiConsumer<Integer, MultiMap> done) {
    req.pause();
    RequestOptions opts =
        new RequestOptions()
            .setMethod(req.method())
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(req.uri());
    MultiMap headers = copy(req.headers());
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean chunked =
        "chunked".equalsIgnoreCase(req.getHeader(HttpHeaders.TRANSFER_ENCODING)) && length == null;
    client
        .request(opts)
        .onFailure(e -> fail(req, e))
        .onSuccess(
            creq -> {
              creq.headers().addAll(headers);
              creq.putHeader(HttpHeaders.HOST, "127.0.0.1:" + port);
              if (length != null) {
                creq.putHeader(HttpHeaders.CONTENT_LENGTH, length);
              } else if (chunked) {
                creq.setChunked(true);
              }
              creq.response()
                  .onFailure(e -> fail(req, e))
                  .onSuccess(cres -> relay(req, cres, done));
              if ((length != null && !"0".equals(length)) || chunked) {
                // a manual pipe: the backend may answer before it has read every byte (S3Proxy
                // does, ahead of an aws-chunked trailer), after which writes must stop quietly
                req.handler(
                    buf -> {
                      try {
                        creq.write(buf);
                        if (creq.writeQueueFull()) {
                          req.pause();
                          creq.drainHandler(v -> req.resume());
                        }
                      } catch (IllegalStateException answeredAlready) {
                        // nothing left to send to
                      }
                    });
                req.endHandler(
                    v -> {
                      try {
                        creq.end();
                      } catch (IllegalStateException answeredAlready) {
                        // the backend has answered
                      }
                    });
                req.exceptionHandler(e -> creq.reset(0, e));
                req.resume();
              } else {
                req.resume();
                creq.end();
              }
            });
  }

  private static void relay(
      HttpServerRequest req, HttpClientResponse cres, BiConsumer<Integer, MultiMap> done) {
    HttpServerResponse resp = req.response();
    resp.setStatusCode(cres.statusCode());
    resp.setStatusMessage(cres.statusMessage());
    resp.headers().addAll(copy(cres.headers()));
    String length = cres.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      resp.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else if (req.method() != HttpMethod.HEAD
        && cres.statusCode() != 204
        && cres.statusCode() != 304) {
      resp.setChunked(true);
    }
    if (req.method() == HttpMethod.HEAD) {
      cres.body()
          .onComplete(
              x -> {
                resp.end();
                finished(cres, done);
              });
      return;
    }
    // the backend has done the work even when the client goes away before the answer's end
    cres.pipeTo(resp).onComplete(x -> finished(cres, done));
  }

  private static void finished(HttpClientResponse cres, BiConsumer<Integer, MultiMap> done) {
    if (done != null) {
      done.accept(cres.statusCode(), cres.headers());
    }
  }

  private static MultiMap copy(MultiMap from) {
    MultiMap to = MultiMap.caseInsensitiveMultiMap();
    for (var e : from) {
      if (!HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        to.add(e.getKey(), e.getValue());
      }
    }
    return to;
  }

  private static void fail(HttpServerRequest req, Throwable e) {
    HttpServerResponse resp = req.response();
    if (!resp.headWritten()) {
      resp.setStatusCode(502)
          .putHeader("Content-Type", "text/plain")
          .end("local-aws: backend unavailable: " + e.getMessage());
    } else {
      resp.reset();
    }
  }
}
