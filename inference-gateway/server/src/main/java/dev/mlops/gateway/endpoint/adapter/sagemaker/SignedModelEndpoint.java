package dev.mlops.gateway.endpoint.adapter.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.endpoint.EndpointFailure.Kind;
import dev.mlops.gateway.endpoint.ModelEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * InvokeEndpoint as one SigV4-signed HTTP POST on the SDK's pooled HTTP client, without the SDK
 * client's pipeline (marshalling, endpoint rules, interceptors, retry strategy, metrics) around it:
 * that pipeline was about a third of the gateway's CPU per request (`./mlops bench gateway`, see
 * docs/benchmarks.md). The wire format is InvokeEndpoint's REST call ({@code POST
 * /endpoints/<name>/invocations}, the body as is); failures are read from the status, {@code
 * x-amzn-ErrorType} and the JSON error body, and worded by {@link InvokeFailures} as {@link
 * SageMakerModelEndpoint} words the SDK's exceptions.
 *
 * <p>Retries: a call that failed before SageMaker answered (a refused or reset connection, e.g. a
 * pooled connection the server had closed) or that SageMaker answered with a 5xx of its own is sent
 * again, up to {@code maxAttempts} in all; the model's errors, throttling (the caller gets 429 with
 * Retry-After instead of more load) and timeouts are not. The timeout is for the whole call,
 * retries included, as the SDK's API call timeout: a timer aborts the request in flight.
 */
public final class SignedModelEndpoint implements ModelEndpoint {

  private static final String CSV = "text/csv";

  /** Aborts requests that outlive the whole-call timeout; one daemon thread for all calls. */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final URI base;
  private final String region;
  private final int maxAttempts;
  private final long timeoutNanos;

  /**
   * @param base SageMaker Runtime's URL ({@link #runtimeUrl}) or the local override
   */
  public SignedModelEndpoint(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      URI base,
      String region,
      Duration timeout,
      int maxAttempts) {
    this.http = http;
    this.credentials = credentials;
    this.base = base;
    this.region = region;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.timeoutNanos = timeout.toNanos();
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "invoke-endpoint-timeout");
              thread.setDaemon(true);
              return thread;
            });
    t.setRemoveOnCancelPolicy(true); // a cancelled timer leaves the queue at once
    return t;
  }

  /** SageMaker Runtime's regional URL, from the SDK's endpoint metadata (any partition). */
  public static URI runtimeUrl(String region) {
    return URI.create(
        "https://"
            + ServiceMetadata.of(SageMakerRuntimeClient.SERVICE_METADATA_ID)
                .endpointFor(Region.of(region)));
  }

  @Override
  public String invoke(String endpoint, String csv) {
    byte[] body = csv.getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + timeoutNanos;
    EndpointFailure last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      try {
        return call(endpoint, body, remaining);
      } catch (Retriable r) {
        last = r.failure;
      }
    }
    throw last != null ? last : InvokeFailures.timeout(endpoint);
  }

  private String call(String endpoint, byte[] body, long remainingNanos) {
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(base)
            .encodedPath(
                "/endpoints/"
                    + URLEncoder.encode(endpoint, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/invocations")
            .putHeader("Content-Type", CSV)
            .putHeader("Accept", CSV)
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    SignedRequest signed;
    try {
      signed =
          signer.sign(
              r ->
                  r.identity(credentials.resolveCredentials())
                      .request(request)
                      .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    } catch (RuntimeException e) {
      // no credentials (or none that can sign): nothing another attempt would change
      throw new EndpointFailure(
          Kind.UNAVAILABLE,
          "endpoint '"
              + endpoint
              + "' cannot be called: "
              + InvokeFailures.abbreviate(String.valueOf(e.getMessage())),
          1);
    }
    int status;
    byte[] answer;
    String errorType;
    ExecutableHttpRequest exchange =
        http.prepareRequest(
            HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build());
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> timer =
        TIMER.schedule(
            () -> {
              expired.set(true);
              exchange.abort();
            },
            remainingNanos,
            TimeUnit.NANOSECONDS);
    try {
      HttpExecuteResponse response = exchange.call();
      status = response.httpResponse().statusCode();
      errorType = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("");
      answer = readAll(response);
    } catch (IOException | RuntimeException e) {
      if (expired.get() || e instanceof InterruptedIOException) {
        // the whole-call or the socket timeout: not retried, the time is spent
        throw InvokeFailures.timeout(endpoint);
      }
      throw new Retriable(InvokeFailures.unreachable(endpoint));
    } finally {
      timer.cancel(false);
    }
    if (expired.get()) {
      throw InvokeFailures.timeout(endpoint);
    }
    if (status / 100 == 2) {
      return new String(answer, StandardCharsets.UTF_8);
    }
    EndpointFailure failure = classify(endpoint, status, errorType, answer);
    if (status >= 500 && failure.kind() == Kind.UNAVAILABLE) {
      throw new Retriable(failure);
    }
    throw failure;
  }

  private static byte[] readAll(HttpExecuteResponse response) throws IOException {
    if (response.responseBody().isEmpty()) {
      return new byte[0];
    }
    try (InputStream in = response.responseBody().get()) {
      return in.readAllBytes(); // read to the end: the connection goes back to the pool
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

  /** A failure worth another attempt. */
  private static final class Retriable extends RuntimeException {
    final EndpointFailure failure;

    Retriable(EndpointFailure failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
