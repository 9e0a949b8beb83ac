package dev.mlops.gateway.endpoint.adapter.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.endpoint.EndpointFailure.Kind;
import dev.mlops.gateway.endpoint.ModelEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * InvokeEndpoint as one SigV4-signed HTTP POST on Vert.x's non-blocking HTTP client, without the
 * SDK client's pipeline (marshalling, endpoint rules, interceptors, retry strategy, metrics) and
 * without a thread waiting for the answer: the request goes out from the event loop that received
 * the caller's request, and the answer is handled there. The gateway spends about a third of the
 * CPU per request this way that it spends through the SDK client on a worker thread (`./mlops bench
 * gateway`, see docs/benchmarks.md). The wire format is InvokeEndpoint's REST call ({@code POST
 * /endpoints/<name>/invocations}, the body as is), signed by {@link InvokeSigner} (SigV4, as the
 * SDK's signer writes it, with the signing key kept for the day); failures are read from the
 * status, {@code x-amzn-ErrorType} and the JSON error body, and worded by {@link InvokeFailures} as
 * {@link SageMakerModelEndpoint} words the SDK's exceptions.
 *
 * <p>Retries: a call that failed before SageMaker answered (a refused or reset connection, e.g. a
 * pooled connection the server had closed) or that SageMaker answered with a 5xx of its own is sent
 * again, up to {@code maxAttempts} in all; the model's errors, throttling (the caller gets 429 with
 * Retry-After instead of more load) and timeouts are not. The timeout is for the whole call,
 * retries included, as the SDK's API call timeout: a timer resets the request in flight.
 *
 * <p>Credentials come from the provider on the calling thread: the SDK's providers cache them, and
 * in Lambda and locally they come from the environment or system properties, which never block.
 */
public final class SignedModelEndpoint implements ModelEndpoint, AutoCloseable {

  private static final String CSV = "text/csv";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final HttpClientOptions clientOptions;
  private final PoolOptions poolOptions;

  /** For calls from threads that are not event loops (a worker that loaded a schema first). */
  private final HttpClient shared;

  /**
   * One client per event loop, used only from that loop: its connections are then opened on the
   * loop that sends and answers on them. A client shared by all loops hands a request to whichever
   * loop holds the pooled connection it gets, and the answer back: two cross-thread hops (a task
   * queue, a selector wakeup, often a context switch) per call on every busy core.
   */
  private final Map<Thread, HttpClient> perEventLoop = new ConcurrentHashMap<>();

  private final AwsCredentialsProvider credentials;
  private final InvokeSigner signer;
  private final URI base;
  private final boolean ssl;
  private final int port;
  private final int maxAttempts;
  private final long timeoutNanos;
  private final long timeoutMillis;

  /**
   * @param base SageMaker Runtime's URL ({@link #runtimeUrl}) or the local override
   * @param maxConnections connections kept open to {@code base} by each event loop (and by the
   *     client for other threads); more calls wait for one
   */
  public SignedModelEndpoint(
      Vertx vertx,
      AwsCredentialsProvider credentials,
      URI base,
      String region,
      Duration timeout,
      int maxAttempts,
      int maxConnections) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.base = base;
    this.ssl = "https".equalsIgnoreCase(base.getScheme());
    this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    this.signer =
        new InvokeSigner(
            region,
            "sagemaker",
            port == (ssl ? 443 : 80) ? base.getHost() : base.getHost() + ":" + port,
            Clock.systemUTC());
    this.maxAttempts = Math.max(1, maxAttempts);
    this.timeoutNanos = timeout.toNanos();
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.clientOptions =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setTcpKeepAlive(true)
            .setTcpNoDelay(true)
            .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
            .setSsl(ssl)
            .setVerifyHost(true);
    this.poolOptions = new PoolOptions().setHttp1MaxSize(Math.max(1, maxConnections));
    this.shared = vertx.createHttpClient(clientOptions, poolOptions);
  }

  /** The client for the calling thread: its event loop's own, or the shared one. */
  private HttpClient client() {
    if (!Context.isOnEventLoopThread()) {
      return shared;
    }
    return perEventLoop.computeIfAbsent(
        Thread.currentThread(), loop -> vertx.createHttpClient(clientOptions, poolOptions));
  }

  /** SageMaker Runtime's regional URL, from the SDK's endpoint metadata (any partition). */
  public static URI runtimeUrl(String region) {
    return URI.create(
        "https://"
            + ServiceMetadata.of(SageMakerRuntimeClient.SERVICE_METADATA_ID)
                .endpointFor(Region.of(region)));
  }

  /** InvokeEndpoint's path, the endpoint's name URI-encoded. Package-private for tests. */
  static String invocationsPath(String endpoint) {
    return "/endpoints/"
        + URLEncoder.encode(endpoint, StandardCharsets.UTF_8).replace("+", "%20")
        + "/invocations";
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public CompletionStage<String> invoke(String endpoint, String csv) {
    Call call = new Call(endpoint, csv.getBytes(StandardCharsets.UTF_8));
    call.timer = vertx.setTimer(timeoutMillis, id -> call.expire());
    call.attempt(null);
    return call.result;
  }

  @Override
  public void close() {
    shared.close();
    perEventLoop.values().forEach(HttpClient::close);
  }

  /** One InvokeEndpoint call: its attempts, its deadline and its outcome. */
  private final class Call {
    final String endpoint;
    final byte[] body;
    final String path;
    final long deadline = System.nanoTime() + timeoutNanos;
    final CompletableFuture<String> result = new CompletableFuture<>();
    int attempts;
    long timer;
    volatile HttpClientRequest inFlight;

    Call(String endpoint, byte[] body) {
      this.endpoint = endpoint;
      this.body = body;
      this.path = invocationsPath(endpoint);
    }

    /** The whole-call timeout: the caller is answered at once, the request in flight reset. */
    void expire() {
      if (result.completeExceptionally(InvokeFailures.timeout(endpoint))) {
        HttpClientRequest r = inFlight;
        if (r != null) {
          r.reset();
        }
      }
    }

    void finish(String answer, EndpointFailure failure) {
      vertx.cancelTimer(timer);
      if (failure == null) {
        result.complete(answer);
      } else {
        result.completeExceptionally(failure);
      }
    }

    /** Sends the next attempt, or ends the call with the last failure when none is left. */
    void attempt(EndpointFailure last) {
      if (result.isDone()) {
        return; // expired
      }
      if (++attempts > maxAttempts || System.nanoTime() - deadline >= 0) {
        finish(null, last != null ? last : InvokeFailures.timeout(endpoint));
        return;
      }
      RequestOptions request;
      try {
        request = signed();
      } catch (RuntimeException e) {
        // no credentials (or none that can sign): nothing another attempt would change
        finish(
            null,
            new EndpointFailure(
                Kind.UNAVAILABLE,
                "endpoint '"
                    + endpoint
                    + "' cannot be called: "
                    + InvokeFailures.abbreviate(String.valueOf(e.getMessage())),
                1));
        return;
      }
      client()
          .request(request)
          .compose(
              r -> {
                inFlight = r;
                return r.send(Buffer.buffer(body));
              })
          .compose(
              response ->
                  response
                      .body()
                      .map(
                          answer -> {
                            answered(
                                response.statusCode(),
                                response.getHeader("x-amzn-ErrorType"),
                                answer);
                            return null;
                          }))
          .onFailure(
              e -> {
                // refused, reset or closed before the answer was read: worth another attempt
                // (unless the timer reset it: the call has ended then)
                attempt(InvokeFailures.unreachable(endpoint));
              });
    }

    private void answered(int status, String errorType, Buffer answer) {
      if (status / 100 == 2) {
        finish(answer.toString(StandardCharsets.UTF_8), null);
        return;
      }
      EndpointFailure failure =
          classify(endpoint, status, errorType == null ? "" : errorType, answer.getBytes());
      if (status >= 500 && failure.kind() == Kind.UNAVAILABLE) {
        attempt(failure);
      } else {
        finish(null, failure);
      }
    }

    /** The attempt's request with its SigV4 headers (a new date and signature per attempt). */
    private RequestOptions signed() {
      Map<String, String> headers = signer.sign(path, body, credentials.resolveCredentials());
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setHost(base.getHost())
              .setPort(port)
              .setSsl(ssl)
              .setURI(path);
      headers.forEach(options::putHeader);
      return options;
    }
  }

  /**
   * Sorts an error answer by whose fault it is, like {@link SageMakerModelEndpoint#classify}.
   * Package-private for tests.
   */
  static EndpointFailure classify(String endpoint, int status, String errorType, byte[] body) {
    String type = errorType;
    int colon = type.indexOf(':');
    if (colon >= 0) {
      type = type.substring(0, colon); // "ModelError:http://internal.amazon.com/coral/..."
    }
    JsonNode error = parse(body);
    if (type.isEmpty()) {
      type = text(error, "__type", "code", "Code");
      int hash = type.lastIndexOf('#');
      type = hash >= 0 ? type.substring(hash + 1) : type;
    }
    String message = text(error, "message", "Message");
    if (type.equals("ModelError") || status == 424) {
      JsonNode original = error.path("OriginalStatusCode");
      String originalMessage = text(error, "OriginalMessage");
      return InvokeFailures.modelError(
          original.isNumber() ? original.asInt() : null,
          originalMessage.isEmpty() ? message : originalMessage);
    }
    if (status == 429 || type.toLowerCase(Locale.ROOT).contains("throttl")) {
      return InvokeFailures.throttled(endpoint);
    }
    if (type.equals("ValidationError")) {
      return InvokeFailures.notAvailable(endpoint, message);
    }
    return InvokeFailures.notAvailable(endpoint, status);
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = body.length == 0 ? null : Json.mapper().readTree(body);
      return n == null ? Json.mapper().createObjectNode() : n;
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  private static String text(JsonNode node, String... fields) {
    for (String f : fields) {
      JsonNode v = node.get(f);
      if (v != null && v.isValueNode()) {
        return v.asText();
      }
    }
    return "";
  }
}
