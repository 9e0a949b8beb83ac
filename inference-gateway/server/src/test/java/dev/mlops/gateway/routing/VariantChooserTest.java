package dev.mlops.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.routing.RoutingPolicy;
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
  void randomSplitFollowsTheWeight() {
    int canary = 0;
    for (int i = 0; i < 100_000; i++) {
      if (VariantChooser.choose(policy(0.1), null).variant() == Variant.CANARY) {
        canary++;
      }
    }
    assertThat(canary / 100_000.0).isBetween(0.095, 0.105);
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
