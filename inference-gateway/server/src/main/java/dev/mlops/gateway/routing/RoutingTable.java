package dev.mlops.gateway.routing;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.gateway.problem.UnavailableException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The routing policy in force, re-read from its store with a short TTL and kept when the store
 * cannot be reached. Requests never wait for a routine re-read: past the TTL the held policy keeps
 * serving while one background read (conditional on the ETag, so usually a bodiless 304) runs. Only
 * a policy older than {@code maxStale} (a Lambda sandbox thawed after a long idle spell), or no
 * policy at all, is re-read in the request, by one request while the others wait for it.
 *
 * <p>A policy whose version is lower than the one held is ignored: versions only increase.
 */
public final class RoutingTable {

  private static final Logger LOG = Logger.getLogger(RoutingTable.class);

  private final PolicyStore store;
  private final long ttlNanos;
  private final long maxStaleNanos;
  private final LongSupplier clock;
  private final Executor background;
  private final Consumer<RoutingPolicy> onChange;
  private final ReentrantLock reading = new ReentrantLock();
  private final AtomicBoolean refreshing = new AtomicBoolean();

  private volatile RoutingPolicy held;
  private volatile String etagSeen;
  private volatile long checkedAt;
  private volatile String lastProblem;
  private volatile String documentProblem;

  /**
   * @param onChange told about every newly adopted policy (e.g. to warm schema caches); runs on the
   *     reading thread
   */
  public RoutingTable(
      PolicyStore store,
      Duration ttl,
      Duration maxStale,
      LongSupplier nanoClock,
      Executor background,
      Consumer<RoutingPolicy> onChange) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
    this.maxStaleNanos = Math.max(maxStale.toNanos(), ttlNanos);
    this.clock = nanoClock;
    this.background = background;
    this.onChange = onChange;
    this.checkedAt = nanoClock.getAsLong() - maxStaleNanos - 1;
  }

  /**
   * The policy to route this request by.
   *
   * @throws UnavailableException when no policy has ever been read
   */
  public RoutingPolicy current() {
    RoutingPolicy h = held;
    long age = clock.getAsLong() - checkedAt;
    long limit = readInRequestAfter(h);
    if (age >= limit) {
      readNow(limit);
      h = held;
    } else if (age >= ttlNanos) {
      readInBackground();
    }
    if (h == null) {
      throw new UnavailableException(
          "no-routing-policy",
          lastProblem != null
              ? "no routing policy could be read yet: " + lastProblem
              : "no model is deployed yet (no routing policy)",
          Math.max(1, ttlNanos / 1_000_000_000L));
    }
    return h;
  }

  /**
   * The policy held when {@link #current} would answer it without reading first (a refresh it
   * starts runs in the background), else null; never reads.
   */
  public RoutingPolicy heldFresh() {
    RoutingPolicy h = held;
    return h != null && clock.getAsLong() - checkedAt < readInRequestAfter(h) ? h : null;
  }

  /**
   * How old the last read may be before a request reads the policy itself: {@code maxStale} while a
   * policy is held; without one the TTL, at most a second, so that requests soon retry a store that
   * could not be read.
   */
  private long readInRequestAfter(RoutingPolicy h) {
    return h == null ? Math.min(ttlNanos, 1_000_000_000L) : maxStaleNanos;
  }

  /** The policy held, or null; never reads. */
  public RoutingPolicy held() {
    return held;
  }

  /** Why the last read failed, or null when it succeeded. */
  public String lastProblem() {
    return lastProblem;
  }

  /** Reads the policy now unless a read finished less than {@code within} nanoseconds ago. */
  private void readNow(long within) {
    reading.lock();
    try {
      if (clock.getAsLong() - checkedAt < within) {
        return; // another request read it while this one waited
      }
      read();
    } finally {
      reading.unlock();
    }
  }

  private void readInBackground() {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      background.execute(
          () -> {
            try {
              readNow(ttlNanos);
            } finally {
              refreshing.set(false);
            }
          });
    } catch (RuntimeException e) { // executor shut down or saturated: the next request retries
      refreshing.set(false);
    }
  }

  /** One read, under the lock. Public for start-up warming and tests. */
  public void refresh() {
    readNow(0);
  }

  private void read() {
    RoutingPolicy h = held;
    try {
      PolicyStore.Fetch fetch = store.fetch(etagSeen);
      String problem;
      if (fetch instanceof PolicyStore.Changed changed) {
        etagSeen = changed.etag();
        documentProblem = adopt(h, changed.body());
        problem = documentProblem;
      } else if (fetch instanceof PolicyStore.Absent) {
        etagSeen = null;
        documentProblem = null;
        problem =
            h == null
                ? null
                : "the routing policy document is gone; keeping version " + h.version();
      } else {
        problem = documentProblem; // 304 for a document already found wanting
      }
      if (problem != null) {
        report(problem);
      } else {
        if (lastProblem != null) {
          LOG.infof("routing policy readable again (version %s)", versionOf(held));
        }
        lastProblem = null;
      }
    } catch (RuntimeException e) {
      report("cannot read the routing policy (" + e.getMessage() + ")");
    } finally {
      checkedAt = clock.getAsLong();
    }
  }

  /** Adopts a newly read document; returns what is wrong with it, or null. */
  private String adopt(RoutingPolicy h, byte[] body) {
    RoutingPolicy p;
    try {
      p = RoutingPolicy.parse(body);
    } catch (RuntimeException e) {
      return "the routing policy document is not valid: " + e.getMessage();
    }
    if (h != null && p.version() < h.version()) {
      return "the routing policy document has version "
          + p.version()
          + ", older than version "
          + h.version()
          + " in force";
    }
    held = p;
    if (h == null || p.version() != h.version()) {
      LOG.infof(
          "routing policy version %d: stable %s, canary %s (weight %.3f), shadow %s",
          p.version(),
          p.stable().endpoint(),
          p.canary() == null ? "-" : p.canary().endpoint(),
          p.canaryWeight(),
          p.shadow() == null ? "-" : p.shadow().endpoint());
      try {
        onChange.accept(p);
      } catch (RuntimeException e) {
        LOG.warnf("warming for policy version %d failed: %s", p.version(), e.getMessage());
      }
    }
    return null;
  }

  private void report(String problem) {
    if (!problem.equals(lastProblem)) {
      LOG.warn(problem + (held != null ? "; serving with the last good policy" : ""));
    }
    lastProblem = problem;
  }

  private static String versionOf(RoutingPolicy h) {
    return h == null ? "none" : Long.toString(h.version());
  }
}
