package dev.mlops.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysDoubleWithinJitterAndStopAtTheCap() {
    Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 8);
    Random random = new Random(7);
    long[] ceilings = {2, 4, 8, 16, 30, 30};
    for (int n = 1; n <= ceilings.length; n++) {
      Duration d = b.delay(n, random);
      assertThat(d.toMillis())
          .as("failure %d", n)
          .isBetween(ceilings[n - 1] * 500, ceilings[n - 1] * 1000);
    }
  }

  @Test
  void retriesUntilMaxAttempts() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3);
    assertThat(b.mayRetry(1)).isTrue();
    assertThat(b.mayRetry(2)).isTrue();
    assertThat(b.mayRetry(3)).isFalse();
  }

  @Test
  void hugeFailureCountsDoNotOverflow() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 1000);
    assertThat(b.delay(500, new Random(1))).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void rejectsAnInvertedRange() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
