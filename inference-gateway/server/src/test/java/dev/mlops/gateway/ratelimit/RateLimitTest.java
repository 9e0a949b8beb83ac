package dev.mlops.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitTest {

  static final long MS = 1_000_000L;

  @Test
  void burstThenSteadyRate() {
    RateLimit limit = new RateLimit(100, 5, 0);
    int accepted = 0;
    for (int i = 0; i < 20; i++) {
      if (limit.tryAcquire(0)) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(5);
    assertThat(limit.tryAcquire(5 * MS)).isFalse();
    assertThat(limit.tryAcquire(10 * MS)).isTrue();
    assertThat(limit.tryAcquire(10 * MS)).isFalse();
    int overASecond = 0;
    for (long t = 11 * MS; t < 1011 * MS; t += MS) {
      if (limit.tryAcquire(t)) {
        overASecond++;
      }
    }
    assertThat(overASecond).isBetween(99, 101);
    assertThat(limit.retryAfterSeconds(1011 * MS)).isEqualTo(1);
  }

  @Test
  void zeroMeansNoLimit() {
    RateLimit none = new RateLimit(0, 1, 0);
    assertThat(none.enabled()).isFalse();
    for (int i = 0; i < 1000; i++) {
      assertThat(none.tryAcquire(0)).isTrue();
    }
  }
}
