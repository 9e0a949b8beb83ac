package dev.mlops.orchestrator.pipeline;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter between {@code initial} and {@code max}: the n-th retry
 * waits a random time in [d/2, d] where d = min(max, initial * 2^(n-1)). Jitter keeps several
 * orchestrators that were throttled together from retrying together.
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
  }

  /** Whether the n-th consecutive failure (1-based) may still be retried. */
  public boolean mayRetry(int failures) {
    return failures < maxAttempts;
  }

  /** The delay before retrying after the n-th consecutive failure (1-based). */
  public Duration delay(int failures, RandomGenerator random) {
    int exponent = Math.max(0, Math.min(failures - 1, 30));
    long ceiling = Math.min(max.toMillis(), initial.toMillis() * (1L << exponent));
    long half = ceiling / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(ceiling - half + 1)));
  }
}
