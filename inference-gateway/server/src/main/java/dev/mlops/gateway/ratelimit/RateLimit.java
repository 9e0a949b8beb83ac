package dev.mlops.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's request rate limit, as a generic cell rate algorithm: one atomic number (the
 * theoretical arrival time of the next request), no lock and no refill thread. {@code burst}
 * requests may come at once; after that, one per {@code 1/rate} seconds.
 */
public final class RateLimit {

  private final long intervalNanos;
  private final long toleranceNanos;
  private final AtomicLong nextAt;

  /**
   * @param requestsPerSecond steady rate; 0 or less means no limit
   * @param burst requests accepted at once above the steady rate
   */
  public RateLimit(double requestsPerSecond, int burst, long nowNanos) {
    this.intervalNanos = requestsPerSecond > 0 ? (long) (1e9 / requestsPerSecond) : 0;
    this.toleranceNanos = intervalNanos * Math.max(0, burst - 1);
    this.nextAt = new AtomicLong(nowNanos);
  }

  public boolean enabled() {
    return intervalNanos > 0;
  }

  /** Takes a slot, or returns false when the rate is exceeded. */
  public boolean tryAcquire(long nowNanos) {
    if (intervalNanos == 0) {
      return true;
    }
    while (true) {
      long at = nextAt.get();
      long base = Math.max(at, nowNanos);
      if (base - nowNanos > toleranceNanos) {
        return false;
      }
      if (nextAt.compareAndSet(at, base + intervalNanos)) {
        return true;
      }
    }
  }

  /** Seconds until the next slot frees up (at least 1). */
  public long retryAfterSeconds(long nowNanos) {
    long wait = nextAt.get() - toleranceNanos - nowNanos;
    return Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
  }
}
