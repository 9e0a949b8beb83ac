package dev.mlops.gateway.routing;

import dev.mlops.contract.routing.RoutingPolicy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Splits traffic between stable and canary by the policy's weight. A request that carries the
 * policy's sticky header is placed by a hash of the header value instead of at random, so one
 * caller stays on one variant while the weight is unchanged; as the weight grows, callers only move
 * from stable to canary, never back.
 */
public final class VariantChooser {

  private VariantChooser() {}

  /**
   * @param stickyKey the sticky header's value, or null
   */
  public static Route choose(RoutingPolicy policy, String stickyKey) {
    if (policy.canary() != null && policy.canaryWeight() > 0) {
      double u = stickyKey == null ? ThreadLocalRandom.current().nextDouble() : unitHash(stickyKey);
      if (u < policy.canaryWeight()) {
        return new Route(Variant.CANARY, policy.canary(), policy);
      }
    }
    return new Route(Variant.STABLE, policy.stable(), policy);
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
    return (h >>> 11) * 0x1.0p-53;
  }
}
