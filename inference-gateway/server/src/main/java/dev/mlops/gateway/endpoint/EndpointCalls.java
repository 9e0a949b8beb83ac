package dev.mlops.gateway.endpoint;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Calls to model endpoints through one circuit breaker per endpoint. */
public final class EndpointCalls {

  private final ModelEndpoint endpoint;
  private final Supplier<CircuitBreaker> breakers;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, CircuitBreaker> byEndpoint = new ConcurrentHashMap<>();

  public EndpointCalls(
      ModelEndpoint endpoint, Supplier<CircuitBreaker> breakers, LongSupplier nanoClock) {
    this.endpoint = endpoint;
    this.breakers = breakers;
    this.clock = nanoClock;
  }

  /**
   * Completes with the endpoint's answer, or fails with an {@link EndpointFailure} (never another
   * exception), including at once when the breaker is open.
   */
  public CompletionStage<String> invoke(String name, String csv) {
    CircuitBreaker breaker = byEndpoint.computeIfAbsent(name, n -> breakers.get());
    if (!breaker.tryAcquire(clock.getAsLong())) {
      return CompletableFuture.failedFuture(
          new EndpointFailure(
              EndpointFailure.Kind.UNAVAILABLE,
              "endpoint '" + name + "' is failing; calls are paused (circuit breaker open)",
              breaker.retryAfterSeconds(clock.getAsLong())));
    }
    CompletionStage<String> call;
    try {
      call = endpoint.invoke(name, csv);
    } catch (RuntimeException e) { // an adapter that throws instead of failing the stage
      call = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<String> answer = new CompletableFuture<>();
    call.whenComplete(
        (csvAnswer, error) -> {
          if (error == null) {
            breaker.onAnswer();
            answer.complete(csvAnswer);
            return;
          }
          Throwable cause = unwrap(error);
          if (cause instanceof EndpointFailure f) {
            if (f.kind() == EndpointFailure.Kind.UNAVAILABLE
                || f.kind() == EndpointFailure.Kind.TIMEOUT) {
              breaker.onFailure(clock.getAsLong());
            } else {
              breaker.onAnswer();
            }
            answer.completeExceptionally(f);
          } else {
            breaker.onFailure(clock.getAsLong());
            answer.completeExceptionally(
                new EndpointFailure(
                    EndpointFailure.Kind.UNAVAILABLE,
                    "endpoint '" + name + "' could not be called"));
          }
        });
    return answer;
  }

  /** Whether {@link #invoke} waits on the calling thread (see {@link ModelEndpoint#blocking}). */
  public boolean blocking() {
    return endpoint.blocking();
  }

  /** The failure a stage from {@link #invoke} failed with, as its dependent stages see it. */
  public static EndpointFailure failure(Throwable error) {
    return (EndpointFailure) unwrap(error);
  }

  /** The failure inside the wrapper that dependent stages put around it. */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The breaker state of an endpoint (CLOSED when never called). */
  public CircuitBreaker.State state(String name) {
    CircuitBreaker b = byEndpoint.get(name);
    return b == null ? CircuitBreaker.State.CLOSED : b.state();
  }
}
