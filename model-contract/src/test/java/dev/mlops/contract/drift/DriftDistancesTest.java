package dev.mlops.contract.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class DriftDistancesTest {

  @Test
  void linfIsTheLargestGapBetweenTheStepCdfs() {
    Cdf a = Cdf.ofSample(1, 2, 3, 4);
    Cdf b = Cdf.ofSample(3, 4, 5, 6);
    assertThat(NumericDrift.linf(a, b)).isCloseTo(0.5, within(1e-12));
    assertThat(NumericDrift.linf(a, a)).isZero();
    assertThat(NumericDrift.linf(Cdf.ofSample(1, 2), Cdf.ofSample(10, 11))).isEqualTo(1.0);
    assertThat(NumericDrift.linf(a, Cdf.empty())).isZero();
  }

  @Test
  void weightedItemsAndRepeatedValuesDescribeTheSameDistribution() {
    Cdf weighted = Cdf.ofWeighted(List.of(new double[] {2, 3}, new double[] {1, 1}));
    Cdf sample = Cdf.ofSample(2, 1, 2, 2);
    assertThat(weighted.weight()).isEqualTo(4);
    assertThat(NumericDrift.linf(weighted, sample)).isZero();
    assertThat(weighted.at(1.5)).isEqualTo(0.25);
    assertThat(weighted.at(2)).isEqualTo(1.0);
    assertThat(weighted.quantile(0.5)).isEqualTo(2);
    assertThat(weighted.mean()).isEqualTo(1.75);
  }

  @Test
  void kolmogorovAndChiSquareTailsMatchReferenceValues() {
    // reference values from scipy.stats (kstwobign.sf, chi2.sf)
    assertThat(Distributions.kolmogorovSurvival(1.3581)).isCloseTo(0.05, within(1e-5));
    assertThat(Distributions.kolmogorovSurvival(0.5)).isCloseTo(0.963945, within(1e-5));
    assertThat(Distributions.kolmogorovSurvival(2.5)).isCloseTo(7.4533e-6, within(1e-8));
    assertThat(Distributions.chiSquareSurvival(4.0, 1)).isCloseTo(0.0455003, within(1e-6));
    assertThat(Distributions.chiSquareSurvival(18.307, 10)).isCloseTo(0.0500006, within(1e-6));
    assertThat(Distributions.chiSquareSurvival(150, 120)).isCloseTo(0.0330735, within(1e-6));
  }

  @Test
  void wassersteinIsTheAreaBetweenTheCdfs() {
    Cdf base = Cdf.ofSample(1, 2, 3);
    Cdf shifted = Cdf.ofSample(2, 3, 4);
    assertThat(NumericDrift.wasserstein(base, shifted)).isCloseTo(1.0, within(1e-12));
    assertThat(NumericDrift.normalizedWasserstein(base, shifted))
        .isCloseTo(1.0 / Math.sqrt(2.0 / 3.0), within(1e-12));
    assertThat(NumericDrift.normalizedWasserstein(Cdf.ofSample(5, 5), Cdf.ofSample(6, 6)))
        .isCloseTo(0.2, within(1e-12));
  }

  @Test
  void psiIsZeroForOneDistributionAndLargeForAShift() {
    Random r = new Random(1);
    double[] x = new double[20_000];
    double[] y = new double[20_000];
    double[] z = new double[20_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
      y[i] = r.nextGaussian();
      z[i] = r.nextGaussian() + 1;
    }
    assertThat(NumericDrift.psi(Cdf.ofSample(x), Cdf.ofSample(y))).isLessThan(0.01);
    assertThat(NumericDrift.psi(Cdf.ofSample(x), Cdf.ofSample(z))).isGreaterThan(0.5);
    // a discrete feature: one bin per value, no empty duplicate bins
    assertThat(NumericDrift.psi(Cdf.ofSample(1, 1, 2, 2), Cdf.ofSample(1, 1, 2, 2))).isZero();
  }

  @Test
  void kllSketchesEstimateTheKolmogorovSmirnovDistance() {
    Random r = new Random(7);
    KllDoublesSketch base = KllDoublesSketch.newHeapInstance(200);
    KllDoublesSketch shifted = KllDoublesSketch.newHeapInstance(200);
    for (int i = 0; i < 100_000; i++) {
      base.update(r.nextGaussian());
      shifted.update(r.nextGaussian() + 0.5);
    }
    // exact: 2 * Phi(0.25) - 1 = 0.19741
    assertThat(NumericDrift.linf(Cdf.of(base), Cdf.of(shifted))).isCloseTo(0.1974, within(0.03));
    assertThat(Cdf.of(base).weight()).isEqualTo(100_000);
  }

  @Test
  void robustIgnoresALargeDistanceThatASmallWindowCanShowByChance() {
    Random r = new Random(3);
    double[] base = new double[5000];
    for (int i = 0; i < base.length; i++) {
      base[i] = r.nextGaussian();
    }
    Cdf baseline = Cdf.ofSample(base);
    // five values, all above the median: L-infinity about 0.5, but five values prove nothing
    Cdf tiny = Cdf.ofSample(0.1, 0.2, 0.3, 0.4, 0.5);
    DriftMeasure robust = DriftMeasure.numeric(baseline, tiny, DriftMethod.ROBUST, 0.1, 0.01);
    DriftMeasure simple = DriftMeasure.numeric(baseline, tiny, DriftMethod.SIMPLE, 0.1, 0.01);
    assertThat(robust.distance()).isGreaterThan(0.4);
    assertThat(robust.drifted()).isFalse();
    assertThat(simple.drifted()).isTrue();

    double[] moved = new double[1000];
    for (int i = 0; i < moved.length; i++) {
      moved[i] = r.nextGaussian() + 1;
    }
    DriftMeasure real =
        DriftMeasure.numeric(baseline, Cdf.ofSample(moved), DriftMethod.ROBUST, 0.1, 0.01);
    assertThat(real.drifted()).isTrue();
    assertThat(real.pValue()).isLessThan(1e-6);
    assertThat(real.description()).startsWith("Baseline drift distance: 0.3").contains("0.1");
  }

  @Test
  void categoricalDistances() {
    Map<String, Long> even = Map.of("a", 50L, "b", 50L);
    Map<String, Long> skewed = Map.of("a", 80L, "b", 20L);
    assertThat(CategoricalDrift.linf(even, skewed)).isCloseTo(0.3, within(1e-12));
    assertThat(CategoricalDrift.jensenShannon(even, skewed)).isCloseTo(0.0731040079, within(1e-9));
    assertThat(CategoricalDrift.jensenShannon(even, Map.of("c", 3L))).isEqualTo(1.0);
    assertThat(CategoricalDrift.jensenShannon(even, even)).isZero();
    assertThat(CategoricalDrift.linf(even, Map.of("c", 3L))).isEqualTo(1.0);
  }

  @Test
  void chiSquareTestsTheWindowAgainstTheBaselineShares() {
    CategoricalDrift.ChiSquareTest t =
        CategoricalDrift.chiSquare(Map.of("a", 500L, "b", 500L), Map.of("a", 60L, "b", 40L));
    assertThat(t.statistic()).isCloseTo(4.0, within(1e-9));
    assertThat(t.degreesOfFreedom()).isEqualTo(1);
    assertThat(t.pValue()).isCloseTo(0.0455003, within(1e-6));
    assertThat(t.effectSize()).isCloseTo(0.2, within(1e-9));

    DriftMeasure m =
        DriftMeasure.categorical(
            Map.of("a", 500L, "b", 500L),
            Map.of("a", 60L, "b", 40L),
            DriftMethod.CHI_SQUARED,
            0.1,
            0.01);
    // a medium effect, but 100 values are not enough to be sure at 1 %
    assertThat(m.drifted()).isFalse();
  }

  @Test
  void methodsParseFromConstraintAndEventNames() {
    assertThat(DriftMethod.parse("Robust")).isEqualTo(DriftMethod.ROBUST);
    assertThat(DriftMethod.parse("linf_robust")).isEqualTo(DriftMethod.ROBUST);
    assertThat(DriftMethod.parse("jensen-shannon")).isEqualTo(DriftMethod.JENSEN_SHANNON);
    assertThat(DriftMethod.parse("ChiSquared")).isEqualTo(DriftMethod.CHI_SQUARED);
    assertThat(DriftMethod.parse("psi")).isEqualTo(DriftMethod.PSI);
    assertThatThrownBy(() -> DriftMethod.parse("cosine"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Wasserstein");
    assertThatThrownBy(
            () -> DriftMeasure.numeric(Cdf.empty(), Cdf.empty(), DriftMethod.LINFINITY, 0.1, 0.01))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
