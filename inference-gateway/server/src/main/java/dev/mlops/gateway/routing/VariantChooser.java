package dev.mlops.gateway.routing;

import dev.mlops.contract.routing.RoutingPolicy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Splits traffic between stable and canary by the policy's weight. A request that carries the
 * policy's sticky header is placed by a hash of the header value, so one caller stays on one
 * variant while the weight is unchanged; as the weight grows, callers only move from stable to
 * canary, never back.
 *
 * <p>Other requests are placed by a golden-ratio sequence, not by independent coin flips: the n-th
 * request of the process draws {@code frac(start + n / phi)}, which is spread evenly over [0, 1) at
 * every length. Any run of N requests then sends N times the weight to the canary, give or take a
 * request or two, where coin flips would be off by about {@code sqrt(N w (1 - w))} (13 of 2,000 at
 * 10 %): canary analysis gets the share of traffic the policy asked for, even at low volume. The
 * start is random, so that Lambda sandboxes do not all begin alike.
 */
public final class VariantChooser {

  /**
   * 1 / phi in 64-bit fixed point (2^64 / phi): the step that keeps the sequence evenly spread
   * (three-gap theorem). Adding it modulo 2^64 is exact at any length, where a double would lose
   * the fraction's low bits as n grows.
   */
  private static final long STEP = 0x9E3779B97F4A7C15L;

  /** The next request's draw in 64-bit fixed point; starts at random. */
  private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong());

  private VariantChooser() {}

  /**
   * @param stickyKey the sticky header's value, or null
   */
  public static Route choose(RoutingPolicy policy, String stickyKey) {
    if (policy.canary() != null && policy.canaryWeight() > 0) {
      double u = stickyKey == null ? unit(SEQUENCE.getAndAdd(STEP)) : unitHash(stickyKey);
      if (u < policy.canaryWeight()) {
        return new Route(Variant.CANARY, policy.canary(), policy);
      }
    }
    return new Route(Variant.STABLE, policy.stable(), policy);
  }

  /** The n-th draw from {@code start}, in [0, 1). Package-private for tests. */
  static double draw(long start, long n) {
    return unit(start + n * STEP);
  }

  /** A 64-bit fixed-point fraction as a double in [0, 1). */
  private static double unit(long fixed) {
    return (fixed >>> 11) * 0x1.0p-53;
  }

  /** A uniform value in [0, 1) from a key: FNV-1a 64 over UTF-8, then a SplitMix64 finish. */
  static double unitHash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return unit(h);
  }
}
