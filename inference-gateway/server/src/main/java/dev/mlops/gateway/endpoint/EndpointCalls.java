package dev.mlops.gateway.endpoint;

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
   * @throws EndpointFailure when no predictions come back, including when the breaker is open
   */
  public String invoke(String name, String csv) {
    CircuitBreaker breaker = byEndpoint.computeIfAbsent(name, n -> breakers.get());
    if (!breaker.tryAcquire(clock.getAsLong())) {
      throw new EndpointFailure(
          EndpointFailure.Kind.UNAVAILABLE,
          "endpoint '" + name + "' is failing; calls are paused (circuit breaker open)",
          breaker.retryAfterSeconds(clock.getAsLong()));
    }
    try {
      String answer = endpoint.invoke(name, csv);
      breaker.onAnswer();
      return answer;
    } catch (EndpointFailure f) {
      if (f.kind() == EndpointFailure.Kind.UNAVAILABLE
          || f.kind() == EndpointFailure.Kind.TIMEOUT) {
        breaker.onFailure(clock.getAsLong());
      } else {
        breaker.onAnswer();
      }
      throw f;
    } catch (RuntimeException e) {
      breaker.onFailure(clock.getAsLong());
      throw new EndpointFailure(
          EndpointFailure.Kind.UNAVAILABLE, "endpoint '" + name + "' could not be called");
    }
  }

  /** The breaker state of an endpoint (CLOSED when never called). */
  public CircuitBreaker.State state(String name) {
    CircuitBreaker b = byEndpoint.get(name);
    return b == null ? CircuitBreaker.State.CLOSED : b.state();
  }
}
