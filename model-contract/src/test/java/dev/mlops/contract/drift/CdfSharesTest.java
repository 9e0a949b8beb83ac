package dev.mlops.contract.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Histogram shares from a CDF: what the canary's and the drift view's charts draw. */
class CdfSharesTest {

  @Test
  void eachBinHoldsItsShareAndTheOuterBinsTakeTheTails() {
    Cdf cdf = Cdf.ofSample(0, 1, 2, 3, 4, 5, 6, 7, 8, 100);
    // bins (-inf, 2.5], (2.5, 5.5], (5.5, +inf): 3, 3 and 4 of the 10 values
    assertThat(cdf.shares(List.of(0.5, 2.5, 5.5, 8.5))).containsExactly(0.3, 0.3, 0.4);
  }

  @Test
  void anEmptyDistributionHasNothingInAnyBin() {
    assertThat(Cdf.empty().shares(List.of(0.0, 1.0, 2.0))).containsExactly(0.0, 0.0);
  }
}
