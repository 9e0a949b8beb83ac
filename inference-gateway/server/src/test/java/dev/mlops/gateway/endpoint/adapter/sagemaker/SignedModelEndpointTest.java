package dev.mlops.gateway.endpoint.adapter.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.endpoint.EndpointFailure.Kind;
import dev.mlops.gateway.testing.Stages;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The lean InvokeEndpoint against a real HTTP server standing in for SageMaker Runtime: what it
 * sends, how it sorts error answers (as the SDK path does), and which failures it tries again. The
 * gateway's API tests run it against local-aws's endpoints too.
 */
class SignedModelEndpointTest {

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  /** The client port of each call's connection, in order. */
  private final List<Integer> connections = new CopyOnWriteArrayList<>();

  private final CountDownLatch release = new CountDownLatch(1);
  private Vertx vertx;

  /** What the stand-in answers to the n-th call (1-based). */
  private volatile Answerer answerer;

  interface Answerer {
    void answer(int call, HttpExchange exchange) throws IOException;
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          int n = calls.incrementAndGet();
          connections.add(exchange.getRemoteAddress().getPort());
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + exchange.getRequestHeaders().getFirst("Host")
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + body);
          answerer.answer(n, exchange);
        });
    server.start();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    release.countDown();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    server.stop(0);
  }

  /** Calls the stand-in and waits for the answer (the failure thrown as is). */
  private String invoke(int maxAttempts, String endpoint, String csv) {
    return invoke(server.getAddress().getPort(), Duration.ofSeconds(5), maxAttempts, endpoint, csv);
  }

  private String invoke(int port, Duration timeout, int maxAttempts, String endpoint, String csv) {
    SignedModelEndpoint signed =
        new SignedModelEndpoint(
            vertx,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
            URI.create("http://127.0.0.1:" + port),
            "eu-west-1",
            timeout,
            maxAttempts,
            4);
    try {
      return Stages.join(signed.invoke(endpoint, csv));
    } finally {
      signed.close();
    }
  }

  static void reply(HttpExchange exchange, int status, String errorType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (errorType != null) {
      exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void sendsOneSignedCsvPostToTheEndpointsInvocations() {
    answerer = (n, ex) -> reply(ex, 200, null, "123.5\n");

    assertThat(invoke(2, "mlops prod-v1", "1,2,3\n")).isEqualTo("123.5\n");

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0))
        .startsWith(
            "POST /endpoints/mlops%20prod-v1/invocations text/csv 127.0.0.1:"
                + server.getAddress().getPort()
                + " ")
        .contains("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
        .contains("/eu-west-1/sagemaker/aws4_request")
        .endsWith(" 1,2,3\n");
  }

  @Test
  void aFailureBeforeSageMakerAnsweredIsTriedAgainOnce() {
    answerer =
        (n, ex) -> {
          if (n == 1) {
            reply(ex, 503, "ServiceUnavailable", "{\"message\":\"busy\"}");
          } else {
            reply(ex, 200, null, "1.0\n");
          }
        };

    assertThat(invoke(2, "ep", "1\n")).isEqualTo("1.0\n");
    assertThat(calls).hasValue(2);

    calls.set(0);
    EndpointFailure once =
        catchThrowableOfType(EndpointFailure.class, () -> invoke(1, "ep", "1\n"));
    assertThat(once.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(once.getMessage()).isEqualTo("endpoint 'ep' is not available (HTTP 503)");
    assertThat(calls).hasValue(1);
  }

  @Test
  void theModelsErrorIsNotTriedAgainAndKeepsTheModelsOwnAnswer() {
    answerer =
        (n, ex) ->
            reply(
                ex,
                424,
                "ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/",
                "{\"ErrorCode\":\"CLIENT_ERROR_FROM_MODEL\",\"OriginalStatusCode\":400,"
                    + "\"OriginalMessage\":\"row 1: bad\",\"Message\":\"Received client error\"}");

    EndpointFailure f = catchThrowableOfType(EndpointFailure.class, () -> invoke(3, "ep", "x\n"));

    assertThat(f.kind()).isEqualTo(Kind.MODEL);
    assertThat(f.getMessage()).isEqualTo("the model answered HTTP 400: row 1: bad");
    assertThat(calls).hasValue(1);
  }

  @Test
  void throttlingIsPassedOnAtOnce() {
    answerer = (n, ex) -> reply(ex, 400, "ThrottlingException", "{\"message\":\"Rate exceeded\"}");

    EndpointFailure f = catchThrowableOfType(EndpointFailure.class, () -> invoke(3, "ep", "1\n"));

    assertThat(f.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(f.retryAfterSeconds()).isEqualTo(1);
    assertThat(calls).hasValue(1);
  }

  @Test
  void anEndpointSageMakerDoesNotKnowIsUnavailableWithSageMakersReason() {
    answerer =
        (n, ex) ->
            reply(
                ex,
                400,
                null,
                "{\"__type\":\"com.amazon.coral#ValidationError\","
                    + "\"message\":\"Endpoint ep of account 000000000000 not found.\"}");

    EndpointFailure f = catchThrowableOfType(EndpointFailure.class, () -> invoke(2, "ep", "1\n"));

    assertThat(f.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(f.getMessage())
        .isEqualTo(
            "endpoint 'ep' is not available: Endpoint ep of account 000000000000 not found.");
    assertThat(f.retryAfterSeconds()).isEqualTo(5);
    assertThat(calls).hasValue(1);
  }

  @Test
  void noAnswerWithinTheTimeoutIsATimeoutNotTriedAgain() {
    answerer =
        (n, ex) -> {
          try {
            release.await(30, TimeUnit.SECONDS); // holds the answer until the test is over
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };

    EndpointFailure f =
        catchThrowableOfType(
            EndpointFailure.class,
            () -> invoke(server.getAddress().getPort(), Duration.ofMillis(500), 2, "ep", "1\n"));

    assertThat(f.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(calls).hasValue(1);
  }

  @Test
  void theWholeCallTimeoutCutsAnAnswerThatTricklesShort() {
    // headers at once, then the body held back; the HTTP client has no idle timeout, so only the
    // whole-call timer can end the call before the stand-in gives up (and then the call would
    // fail as unreachable, not as a timeout)
    answerer =
        (n, ex) -> {
          ex.sendResponseHeaders(200, 6);
          ex.getResponseBody().flush();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    EndpointFailure f =
        catchThrowableOfType(
            EndpointFailure.class,
            () -> invoke(server.getAddress().getPort(), Duration.ofMillis(100), 2, "ep", "1"));

    assertThat(f.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(f.getMessage()).isEqualTo("endpoint 'ep' did not answer in time");
    assertThat(calls).hasValue(1);
  }

  @Test
  void eachEventLoopCallsOnConnectionsOfItsOwn() {
    answerer = (n, exchange) -> reply(exchange, 200, null, "1.5");
    // two event loops (each new event-loop context takes the next loop in turn)
    Context first = ((VertxInternal) vertx).createEventLoopContext();
    Context second = ((VertxInternal) vertx).createEventLoopContext();
    assertThat(threadOf(second)).isNotEqualTo(threadOf(first));
    SignedModelEndpoint signed =
        new SignedModelEndpoint(
            vertx,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            "eu-west-1",
            Duration.ofSeconds(5),
            1,
            4);
    try {
      for (Context loop : List.of(first, second, first, second)) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        loop.runOnContext(
            v ->
                signed
                    .invoke("ep", "1,2")
                    .whenComplete(
                        (a, e) -> {
                          if (e != null) {
                            answer.completeExceptionally(e);
                          } else {
                            answer.complete(a);
                          }
                        }));
        assertThat(Stages.join(answer)).isEqualTo("1.5");
      }
    } finally {
      signed.close();
    }
    // a client shared by the loops would answer the second loop's call on the first loop's idle
    // connection, and hand the work over between the two threads
    assertThat(connections).hasSize(4);
    assertThat(connections.get(2)).isEqualTo(connections.get(0));
    assertThat(connections.get(3)).isEqualTo(connections.get(1));
    assertThat(connections.get(1)).isNotEqualTo(connections.get(0));
  }

  private static Thread threadOf(Context context) {
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    context.runOnContext(v -> thread.complete(Thread.currentThread()));
    return thread.join();
  }

  @Test
  void sageMakerRuntimeIsFoundInEveryPartition() {
    assertThat(SignedModelEndpoint.runtimeUrl("eu-west-1"))
        .hasToString("https://runtime.sagemaker.eu-west-1.amazonaws.com");
    assertThat(SignedModelEndpoint.runtimeUrl("cn-north-1"))
        .hasToString("https://runtime.sagemaker.cn-north-1.amazonaws.com.cn");
  }

  @Test
  void aClosedPortIsUnavailableAfterEveryAttempt() throws IOException {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    EndpointFailure f =
        catchThrowableOfType(
            EndpointFailure.class, () -> invoke(closed, Duration.ofSeconds(5), 2, "ep", "1"));

    assertThat(f.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(f.getMessage()).isEqualTo("endpoint 'ep' cannot be reached");
  }
}
