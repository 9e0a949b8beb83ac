package dev.mlops.gateway.metrics;

import dev.mlops.contract.metrics.GatewayWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Closes a metrics window every {@code window} and sends it on; windows that cannot be sent (SQS
 * unreachable) are kept, up to a bound, and sent first next time, so an outage delays canary
 * analysis rather than falsifying it. Called from a timer in a long-running process, and at the end
 * of a request in Lambda, where nothing runs between invocations.
 */
public final class WindowPublisher {

  private static final Logger LOG = Logger.getLogger(WindowPublisher.class);

  private final MetricsWindows windows;
  private final WindowSink sink;
  private final LongSupplier policyVersion;
  private final Clock clock;
  private final LongSupplier nanoClock;
  private final long windowNanos;
  private final int maxPending;
  private final EmfLines emf;
  private final Consumer<String> emfOut;
  private final Deque<GatewayWindow> pending = new ArrayDeque<>();

  private volatile long lastFlush;
  private long dropped;
  private String lastProblem;

  /**
   * @param policyVersion the routing policy version in force (0 when none)
   * @param emf EMF lines to write per window, or null
   * @param emfOut where EMF lines go (stdout in Lambda)
   */
  public WindowPublisher(
      MetricsWindows windows,
      WindowSink sink,
      LongSupplier policyVersion,
      Clock clock,
      LongSupplier nanoClock,
      Duration window,
      int maxPending,
      EmfLines emf,
      Consumer<String> emfOut) {
    this.windows = windows;
    this.sink = sink;
    this.policyVersion = policyVersion;
    this.clock = clock;
    this.nanoClock = nanoClock;
    this.windowNanos = window.toNanos();
    this.maxPending = Math.max(1, maxPending);
    this.emf = emf;
    this.emfOut = emfOut;
    this.lastFlush = nanoClock.getAsLong();
  }

  /** Flushes when a window is due; cheap otherwise (one clock read). */
  public void flushIfDue() {
    if (nanoClock.getAsLong() - lastFlush >= windowNanos) {
      flush();
    }
  }

  /** Closes the current window and sends every window not yet sent. */
  public synchronized void flush() {
    lastFlush = nanoClock.getAsLong();
    GatewayWindow closed = windows.rotate(clock.instant(), policyVersion.getAsLong());
    if (closed != null) {
      if (emf != null) {
        emf.lines(closed).forEach(emfOut);
      }
      pending.addLast(closed);
      while (pending.size() > maxPending) {
        pending.removeFirst();
        dropped++;
      }
    }
    while (!pending.isEmpty()) {
      try {
        sink.send(pending.peekFirst().toJson());
        pending.removeFirst();
        if (lastProblem != null) {
          LOG.info("metrics windows are sent again");
          lastProblem = null;
        }
      } catch (RuntimeException e) {
        String problem = e.getMessage();
        if (!String.valueOf(problem).equals(lastProblem)) {
          LOG.warnf(
              "cannot send metrics windows (%d waiting, %d dropped so far): %s",
              pending.size(), dropped, problem);
        }
        lastProblem = String.valueOf(problem);
        return;
      }
    }
  }

  /** Windows waiting to be sent. */
  public synchronized int pending() {
    return pending.size();
  }

  /** Windows dropped because too many were waiting. */
  public synchronized long dropped() {
    return dropped;
  }
}
