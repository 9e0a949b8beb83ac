package dev.mlops.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.gateway.testing.Stages;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void opensOnFailureRatioThenTriesOneCallAfterTheDelay() {
    CircuitBreaker b = new CircuitBreaker(10, 4, 0.5, Duration.ofSeconds(5));
    long t = 0;
    b.onAnswer();
    b.onFailure(t);
    b.onFailure(t);
    assertThat(b.state())
        .as("3 calls remembered, fewer than the minimum")
        .isEqualTo(CircuitBreaker.State.CLOSED);
    b.onFailure(t);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(b.tryAcquire(t + 4 * SECOND)).isFalse();
    assertThat(b.retryAfterSeconds(t + 4 * SECOND)).isEqualTo(1);
    assertThat(b.tryAcquire(t + 5 * SECOND)).isTrue();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(b.tryAcquire(t + 5 * SECOND)).as("one trial at a time").isFalse();
    b.onFailure(t + 5 * SECOND);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(b.tryAcquire(t + 10 * SECOND)).isTrue();
    b.onAnswer();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(b.tryAcquire(t + 10 * SECOND)).isTrue();
  }

  @Test
  void oldOutcomesLeaveTheWindow() {
    CircuitBreaker b = new CircuitBreaker(4, 4, 0.75, Duration.ofSeconds(5));
    b.onFailure(0);
    b.onFailure(0);
    b.onAnswer();
    b.onAnswer();
    b.onAnswer(); // pushes out the first failure
    b.onFailure(0);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    b.onFailure(0); // window: answer, answer, failure, failure
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    b.onFailure(0); // answer, failure, failure, failure
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void callsThroughTheBreakerFailFastWhenOpenAndModelErrorsDoNotCount() {
    AtomicInteger calls = new AtomicInteger();
    AtomicLong now = new AtomicLong();
    ModelEndpoint down =
        new ModelEndpoint() {
          @Override
          public CompletionStage<String> invoke(String name, String csv) {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(
                csv.equals("model")
                    ? new EndpointFailure(EndpointFailure.Kind.MODEL, "bad row")
                    : new EndpointFailure(EndpointFailure.Kind.UNAVAILABLE, "refused"));
          }

          @Override
          public boolean blocking() {
            return false;
          }
        };
    EndpointCalls endpoints =
        new EndpointCalls(
            down, () -> new CircuitBreaker(4, 2, 0.5, Duration.ofSeconds(5)), now::get);
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> Stages.join(endpoints.invoke("ep", "model")))
          .isInstanceOfSatisfying(
              EndpointFailure.class,
              f -> assertThat(f.kind()).isEqualTo(EndpointFailure.Kind.MODEL));
    }
    assertThat(endpoints.state("ep")).isEqualTo(CircuitBreaker.State.CLOSED);
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> Stages.join(endpoints.invoke("ep", "x")))
          .isInstanceOf(EndpointFailure.class);
    }
    assertThat(endpoints.state("ep")).isEqualTo(CircuitBreaker.State.OPEN);
    int before = calls.get();
    assertThatThrownBy(() -> Stages.join(endpoints.invoke("ep", "x")))
        .isInstanceOfSatisfying(
            EndpointFailure.class,
            f -> {
              assertThat(f.getMessage()).contains("circuit breaker open");
              assertThat(f.retryAfterSeconds()).isEqualTo(5);
            });
    assertThat(calls.get()).isEqualTo(before);
    assertThat(endpoints.state("other")).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
