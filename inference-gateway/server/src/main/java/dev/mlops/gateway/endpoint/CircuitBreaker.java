package dev.mlops.gateway.endpoint;

import java.time.Duration;

/**
 * Stops calling an endpoint that keeps failing, so that callers get a fast 503 instead of waiting
 * for timeouts, and the endpoint gets room to recover. Closed: calls pass and the last {@code
 * window} outcomes are remembered; when at least {@code minimumCalls} are remembered and the
 * failure share reaches {@code failureRatio}, it opens. Open: calls are refused for {@code
 * openFor}; then one trial call passes (half-open), whose success closes the breaker and whose
 * failure opens it again.
 *
 * <p>Only the endpoint's absence counts as failure (unreachable, timed out): a model error or a
 * throttle means it is there and answering.
 */
public final class CircuitBreaker {

  /** The breaker's position. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final boolean[] outcomes;
  private final int minimumCalls;
  private final double failureRatio;
  private final long openForNanos;

  private State state = State.CLOSED;
  private int next;
  private int remembered;
  private int failures;
  private long openUntil;
  private boolean trialInFlight;

  public CircuitBreaker(int window, int minimumCalls, double failureRatio, Duration openFor) {
    this.outcomes = new boolean[Math.max(1, window)];
    this.minimumCalls = Math.max(1, Math.min(minimumCalls, outcomes.length));
    this.failureRatio = failureRatio;
    this.openForNanos = openFor.toNanos();
  }

  /** Whether a call may go out now; a true answer must be followed by one outcome report. */
  public synchronized boolean tryAcquire(long now) {
    switch (state) {
      case CLOSED -> {
        return true;
      }
      case OPEN -> {
        if (now - openUntil < 0) {
          return false;
        }
        state = State.HALF_OPEN;
        trialInFlight = true;
        return true;
      }
      default -> {
        if (trialInFlight) {
          return false;
        }
        trialInFlight = true;
        return true;
      }
    }
  }

  /** The endpoint answered (predictions, a model error or a throttle). */
  public synchronized void onAnswer() {
    if (state == State.HALF_OPEN) {
      close();
      return;
    }
    remember(false);
  }

  /** The endpoint could not be reached or did not answer in time. */
  public synchronized void onFailure(long now) {
    if (state == State.HALF_OPEN) {
      open(now);
      return;
    }
    remember(true);
    if (state == State.CLOSED
        && remembered >= minimumCalls
        && failures >= failureRatio * remembered) {
      open(now);
    }
  }

  public synchronized State state() {
    return state;
  }

  /** Seconds until a trial call is let through (at least 1 while open). */
  public synchronized long retryAfterSeconds(long now) {
    return Math.max(1, (openUntil - now + 999_999_999L) / 1_000_000_000L);
  }

  private void remember(boolean failed) {
    if (remembered == outcomes.length) {
      if (outcomes[next]) {
        failures--;
      }
    } else {
      remembered++;
    }
    outcomes[next] = failed;
    if (failed) {
      failures++;
    }
    next = (next + 1) % outcomes.length;
  }

  private void open(long now) {
    state = State.OPEN;
    openUntil = now + openForNanos;
    trialInFlight = false;
  }

  private void close() {
    state = State.CLOSED;
    trialInFlight = false;
    next = 0;
    remembered = 0;
    failures = 0;
  }
}
