package dev.mlops.gateway.prediction;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.gateway.endpoint.EndpointCalls;
import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.metrics.Outcome;
import dev.mlops.gateway.metrics.RequestMetrics;
import dev.mlops.gateway.model.DeployedModel;
import dev.mlops.gateway.model.ModelCatalog;
import dev.mlops.gateway.problem.GatewayException;
import dev.mlops.gateway.problem.ModelFailedException;
import dev.mlops.gateway.problem.ThrottledException;
import dev.mlops.gateway.problem.TimeoutException;
import dev.mlops.gateway.problem.UnavailableException;
import dev.mlops.gateway.ratelimit.RateLimit;
import dev.mlops.gateway.routing.Route;
import dev.mlops.gateway.routing.RoutingTable;
import dev.mlops.gateway.routing.Variant;
import dev.mlops.gateway.routing.VariantChooser;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One prediction request from body to answer: rate limit, route (stable or canary, sticky when the
 * policy says so), check the instances against that model's schema, call its endpoint with CSV
 * rows, read one prediction per instance, record the outcome for the variant, and hand a copy to
 * the shadow without waiting for it. The endpoint call does not hold a thread while it waits
 * (unless the endpoint adapter is a blocking one). A request the canary fails is answered by the
 * stable endpoint (when {@code canaryFallback} is on): the canary's failure is recorded for canary
 * analysis, the caller gets stable's answer.
 */
public final class PredictionService {

  /** The predictions and where they came from. */
  public record Answer(Predictions predictions, Route route) {}

  private final RoutingTable routing;
  private final ModelCatalog models;
  private final EndpointCalls endpoints;
  private final RequestMetrics metrics;
  private final ShadowTraffic shadow;
  private final RateLimit rateLimit;
  private final boolean canaryFallback;
  private final LongSupplier clock;

  public PredictionService(
      RoutingTable routing,
      ModelCatalog models,
      EndpointCalls endpoints,
      RequestMetrics metrics,
      ShadowTraffic shadow,
      RateLimit rateLimit,
      boolean canaryFallback,
      LongSupplier nanoClock) {
    this.routing = routing;
    this.models = models;
    this.endpoints = endpoints;
    this.metrics = metrics;
    this.shadow = shadow;
    this.rateLimit = rateLimit;
    this.canaryFallback = canaryFallback;
    this.clock = nanoClock;
  }

  /**
   * Whether a request can be answered now without blocking the calling thread: the policy is held,
   * the schemas it routes to are loaded and the endpoint call does not wait on the caller's thread.
   * Otherwise {@link #predict} may read from S3 or wait for the endpoint, and an event loop must
   * hand the request to a worker first.
   */
  public boolean answersWithoutBlocking() {
    if (endpoints.blocking()) {
      return false;
    }
    RoutingPolicy policy = routing.heldFresh();
    return policy != null
        && models.holds(policy.stable())
        && (policy.canary() == null || models.holds(policy.canary()));
  }

  /**
   * Completes with the answer, or fails with a {@link GatewayException}, for every outcome other
   * than predictions; failures found before the endpoint is called (rate limit, no policy,
   * instances that do not fit) are thrown at once.
   *
   * @param header looks up a request header by name (null when absent)
   */
  public CompletionStage<Answer> predict(byte[] body, Function<String, String> header) {
    if (!rateLimit.tryAcquire(clock.getAsLong())) {
      metrics.meters().rejected("rate-limit");
      throw new ThrottledException(
          "this gateway takes fewer requests per second; retry later",
          rateLimit.retryAfterSeconds(clock.getAsLong()));
    }
    RoutingPolicy policy = routing.current();
    String stickyKey = policy.stickyHeader() == null ? null : header.apply(policy.stickyHeader());
    Route route = VariantChooser.choose(policy, stickyKey);
    if (route.variant() != Variant.CANARY || !canaryFallback) {
      return answer(policy, route, body);
    }
    CompletionStage<Answer> canary;
    try {
      canary = answer(policy, route, body);
    } catch (GatewayException e) {
      canary = CompletableFuture.failedFuture(e);
    }
    return canary.exceptionallyCompose(
        error -> {
          Throwable canaryFailed = EndpointCalls.unwrap(error);
          if (!(canaryFailed instanceof GatewayException g)
              || (g.status() < 500 && !(g instanceof ThrottledException))) {
            // the caller's mistake is the same on stable
            return CompletableFuture.failedFuture(canaryFailed);
          }
          metrics.meters().canaryFallback();
          return answer(policy, new Route(Variant.STABLE, policy.stable(), policy), body);
        });
  }

  private CompletionStage<Answer> answer(RoutingPolicy policy, Route route, byte[] body) {
    DeployedModel model;
    InstanceSchema.Batch batch;
    try {
      model = models.model(route.target());
    } catch (UnavailableException e) {
      metrics.record(route, Outcome.UNAVAILABLE, -1, null);
      throw e;
    }
    try {
      batch = model.instances().read(body);
    } catch (GatewayException e) {
      metrics.record(route, Outcome.CLIENT, -1, null);
      throw e;
    }
    long start = clock.getAsLong();
    return endpoints
        .invoke(route.target().endpoint(), batch.csv())
        .handle(
            (answer, error) -> {
              long latency = clock.getAsLong() - start;
              if (error != null) {
                EndpointFailure f = EndpointCalls.failure(error);
                metrics.record(route, outcome(f), latency, null);
                throw problem(f);
              }
              Predictions predictions;
              try {
                predictions = Predictions.parse(answer, batch.instances());
              } catch (ModelFailedException e) {
                metrics.record(route, Outcome.MODEL, latency, null);
                throw e;
              }
              metrics.record(route, Outcome.OK, latency, predictions.numbers());
              if (policy.shadow() != null) {
                shadow.send(policy, model, batch);
              }
              return new Answer(predictions, route);
            });
  }

  static Outcome outcome(EndpointFailure f) {
    return switch (f.kind()) {
      case MODEL -> Outcome.MODEL;
      case THROTTLED -> Outcome.THROTTLED;
      case UNAVAILABLE -> Outcome.UNAVAILABLE;
      case TIMEOUT -> Outcome.TIMEOUT;
    };
  }

  private static GatewayException problem(EndpointFailure f) {
    return switch (f.kind()) {
      case MODEL -> new ModelFailedException(f.getMessage());
      case THROTTLED -> new ThrottledException(f.getMessage(), Math.max(1, f.retryAfterSeconds()));
      case UNAVAILABLE ->
          new UnavailableException(
              "endpoint-unavailable", f.getMessage(), Math.max(1, f.retryAfterSeconds()));
      case TIMEOUT -> new TimeoutException(f.getMessage());
    };
  }
}
