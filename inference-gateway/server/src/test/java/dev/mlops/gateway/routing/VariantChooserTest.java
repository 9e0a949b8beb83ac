package dev.mlops.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.routing.RoutingPolicy;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VariantChooserTest {

  static RoutingPolicy policy(double weight) {
    return new RoutingPolicy(
        1,
        new RoutingPolicy.Target("s", "v1", null),
        new RoutingPolicy.Target("c", "v2", null),
        weight,
        null,
        "X-Caller",
        null);
  }

  @Test
  void unkeyedSplitFollowsTheWeight() {
    int canary = 0;
    for (int i = 0; i < 100_000; i++) {
      if (VariantChooser.choose(policy(0.1), null).variant() == Variant.CANARY) {
        canary++;
      }
    }
    assertThat(canary).isBetween(9_997, 10_003);
  }

  @Test
  void everyRunOfRequestsGetsTheWeightWithinTwoRequests() {
    Random random = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      long start = random.nextLong();
      long offset = random.nextLong() >>> 20; // anywhere in a long-lived process
      double weight = new double[] {0.01, 0.05, 0.1, 1 / 3.0, 0.5, 0.9}[trial % 6];
      int n = new int[] {50, 2_000, 10_000}[trial % 3];
      int canary = 0;
      for (int i = 0; i < n; i++) {
        if (VariantChooser.draw(start, offset + i) < weight) {
          canary++;
        }
      }
      assertThat(Math.abs(canary - n * weight))
          .as("%d requests at %.3f from %d", n, weight, offset)
          .isLessThanOrEqualTo(2.0);
    }
  }

  @Test
  void stickyKeysSplitByWeightStayPutAndOnlyMoveTowardsTheCanary() {
    int canary = 0;
    for (int k = 0; k < 20_000; k++) {
      String key = "caller-" + k;
      Variant at10 = VariantChooser.choose(policy(0.1), key).variant();
      assertThat(VariantChooser.choose(policy(0.1), key).variant()).isEqualTo(at10);
      if (at10 == Variant.CANARY) {
        canary++;
        assertThat(VariantChooser.choose(policy(0.5), key).variant()).isEqualTo(Variant.CANARY);
      }
    }
    assertThat(canary / 20_000.0).isBetween(0.09, 0.11);
  }

  @Test
  void noCanaryOrZeroWeightIsStable() {
    assertThat(VariantChooser.choose(policy(0), "k").variant()).isEqualTo(Variant.STABLE);
    RoutingPolicy stableOnly =
        new RoutingPolicy(1, new RoutingPolicy.Target("s", "v1", null), null, 0, null, null, null);
    assertThat(VariantChooser.choose(stableOnly, null).target().endpoint()).isEqualTo("s");
  }

  @Test
  void hashIsUniformEnough() {
    int[] buckets = new int[10];
    for (int k = 0; k < 100_000; k++) {
      buckets[(int) (VariantChooser.unitHash(Integer.toString(k)) * 10)]++;
    }
    for (int b : buckets) {
      assertThat(b).isBetween(9_500, 10_500);
    }
  }
}
