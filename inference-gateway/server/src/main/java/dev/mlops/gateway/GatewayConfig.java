package dev.mlops.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Everything the gateway can be told, under the prefix {@code mlops}. */
@ConfigMapping(prefix = "mlops")
public interface GatewayConfig {

  /** How the SageMaker Runtime client is built (S3 and SQS use the Quarkus extensions' keys). */
  Aws aws();

  /** The gateway's own behaviour. */
  Gateway gateway();

  interface Aws {
    /**
     * Where SageMaker Runtime is reached instead of AWS (local-aws, e.g. {@code
     * http://127.0.0.1:4566}); unset in AWS.
     */
    Optional<URI> endpointOverride();

    /** The AWS region. */
    @WithDefault("us-east-1")
    String region();

    /**
     * The HTTP client under the SDK's SageMaker Runtime client ({@code
     * mlops.gateway.endpoint.client=sdk}): {@code apache} (a keep-alive pool sized by {@code
     * max-connections}) or {@code url-connection} (the JDK's, which keeps at most {@code
     * http.maxConnections} idle connections per host, 5 by default). The signed call always uses
     * Vert.x's client.
     */
    @WithDefault("apache")
    HttpClientKind httpClient();

    /**
     * Connections kept open to SageMaker Runtime: by each event loop (the signed call), or in the
     * sdk client's apache pool.
     */
    @WithDefault("64")
    int maxConnections();

    /** The HTTP clients the SageMaker Runtime client can use. */
    enum HttpClientKind {
      APACHE,
      URL_CONNECTION
    }
  }

  interface Gateway {
    /** Request size limits. */
    Limits limits();

    /** How strictly instances are checked against the model's schema. */
    Validation validation();

    /** Where the routing policy is and how often it is re-read. */
    Routing routing();

    /** Calls to the model endpoints. */
    Endpoint endpoint();

    /** Per-variant metrics windows. */
    Metrics metrics();

    /** The gateway's own request rate limit. */
    RateLimit rateLimit();
  }

  interface Limits {
    /** Most instances in one request; more is answered 413. */
    @WithDefault("100")
    int maxInstances();

    /** Largest request body; more is answered 413. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** Most problems listed in one 400/422 answer (the total is always given). */
    @WithDefault("200")
    int maxListedErrors();
  }

  interface Validation {
    /** Every schema feature must be present and not null; false sends absent ones as missing. */
    @WithDefault("true")
    boolean requireAllFeatures();

    /** A key that is not a schema feature is an error; false ignores it. */
    @WithDefault("true")
    boolean rejectUnknownFeatures();

    /** Longest accepted categorical label, in characters. */
    @WithDefault("256")
    int maxLabelLength();
  }

  interface Routing {
    /** The bucket holding the routing policy (and the schemas it points at). */
    @WithDefault("mlops-artifacts")
    String bucket();

    /** The policy's key in that bucket. */
    @WithDefault("routing/policy.json")
    String key();

    /**
     * How long a fetched policy is used before it is re-read (with If-None-Match, in the background
     * while the old one keeps serving).
     */
    @WithDefault("3s")
    Duration ttl();

    /**
     * A policy older than this is re-read before the request is routed (a Lambda thawed after a
     * long idle spell must not route on a minutes-old policy). When S3 cannot be reached the last
     * good policy is used anyway.
     */
    @WithDefault("30s")
    Duration maxStale();

    /** Shadow copies in flight at most; more are dropped (and counted), never queued. */
    @WithDefault("16")
    int shadowConcurrency();

    /**
     * When the canary fails a request (model error, unavailable, timeout, throttled), answer it
     * from the stable endpoint instead. The failure still counts against the canary in the windows
     * canary analysis reads, so a bad canary is rolled back while its callers never see its errors.
     */
    @WithDefault("true")
    boolean canaryFallback();
  }

  interface Endpoint {
    /** Whole-call timeout of one InvokeEndpoint, retries included; answered 504. */
    @WithDefault("5s")
    Duration timeout();

    /** Attempts per call (1 = no retry); only failures before the model answered are retried. */
    @WithDefault("2")
    int maxAttempts();

    /**
     * How InvokeEndpoint is sent: {@code signed} (one SigV4-signed POST on Vert.x's non-blocking
     * HTTP client, without the SDK client's pipeline and without a thread waiting per call; the
     * default, the cheaper per call) or {@code sdk} (the AWS SDK's SageMaker Runtime client, on a
     * worker thread).
     */
    @WithDefault("signed")
    Client client();

    /** The ways to send InvokeEndpoint. */
    enum Client {
      SIGNED,
      SDK
    }

    /** Circuit breaker, per endpoint. */
    CircuitBreaker circuitBreaker();
  }

  interface CircuitBreaker {
    /** Calls remembered per endpoint to judge its failure ratio. */
    @WithDefault("20")
    int window();

    /** Fewest remembered calls before the breaker may open. */
    @WithDefault("10")
    int minimumCalls();

    /** Share of failed calls (unavailable or timed out) that opens the breaker. */
    @WithDefault("0.5")
    double failureRatio();

    /** How long an open breaker refuses calls (503) before letting one trial call through. */
    @WithDefault("5s")
    Duration openFor();
  }

  interface Metrics {
    /** The SQS queue (name) that receives the window aggregates. */
    @WithDefault("gateway-metrics")
    String queue();

    /** Window length: aggregates are sent this often. */
    @WithDefault("5s")
    Duration window();

    /** This instance's id in the windows; default: the Lambda log stream, or host and pid. */
    Optional<String> gatewayId();

    /**
     * Send due windows at the end of a request instead of from a background timer; default: on in
     * Lambda (env {@code AWS_LAMBDA_FUNCTION_NAME}), which gives no time between invocations.
     */
    Optional<Boolean> flushInRequest();

    /** Write CloudWatch embedded-metric-format lines to stdout; default: on in Lambda. */
    Optional<Boolean> emf();

    /** CloudWatch namespace of the EMF metrics. */
    @WithDefault("mlops/inference-gateway")
    String emfNamespace();

    /** Windows kept for a later retry while SQS cannot be reached (oldest dropped first). */
    @WithDefault("120")
    int maxPendingWindows();
  }

  interface RateLimit {
    /** Requests per second this instance accepts; 0 turns the limit off. */
    @WithDefault("0")
    double requestsPerSecond();

    /** Requests accepted at once above the steady rate. */
    @WithDefault("50")
    int burst();
  }
}
