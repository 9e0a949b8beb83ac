package dev.mlops.drift.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.baseline.FeatureSketch;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The histogram bins of the distributions endpoint (plain JUnit: pure arithmetic on sketches). */
class FeatureDistributionTest {

  static BaselineSketches.Entry numbers(double... values) {
    FeatureSketch s = FeatureSketch.numeric();
    for (double v : values) {
      s.addNumber(v);
    }
    return s.toEntry();
  }

  static BaselineSketches.Entry labels(String... values) {
    FeatureSketch s = FeatureSketch.categorical();
    for (String v : values) {
      s.addLabel(v);
    }
    return s.toEntry();
  }

  static double sum(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).sum();
  }

  @Test
  void wholeNumbersOverAShortRangeGetOneBinPerValueAndSharesSumToOne() {
    double[] baseline = new double[1000];
    double[] current = new double[400];
    for (int i = 0; i < baseline.length; i++) {
      baseline[i] = 2000 + i % 10; // 2000-2009
    }
    for (int i = 0; i < current.length; i++) {
      current[i] = 2012 + i % 4; // 2012-2015
    }
    FeatureDistribution.Bins bins =
        FeatureDistribution.numeric(numbers(baseline), numbers(current));

    assertThat(bins.edges()).first().isEqualTo(1999.5);
    assertThat(bins.edges()).last().isEqualTo(2015.5);
    assertThat(bins.edges()).hasSize(17);
    assertThat(sum(bins.baseline())).isCloseTo(1.0, within(1e-9));
    assertThat(sum(bins.current())).isCloseTo(1.0, within(1e-9));
    // 2000 holds a tenth of the baseline and nothing of the current window; 2015 a quarter of it
    assertThat(bins.baseline().get(0)).isCloseTo(0.1, within(0.02));
    assertThat(bins.current().get(0)).isZero();
    assertThat(bins.current().get(15)).isCloseTo(0.25, within(0.02));
    assertThat(bins.baseline().subList(12, 16)).allSatisfy(s -> assertThat(s).isZero());
  }

  @Test
  void continuousValuesGetEqualBinsBetweenTheOuterQuantilesWithTheTailsInTheEndBins() {
    Random r = new Random(7);
    double[] baseline = new double[5000];
    double[] current = new double[5000];
    for (int i = 0; i < baseline.length; i++) {
      baseline[i] = r.nextGaussian();
      current[i] = 3 + r.nextGaussian();
    }
    FeatureDistribution.Bins bins =
        FeatureDistribution.numeric(numbers(baseline), numbers(current));

    assertThat(bins.edges()).hasSize(FeatureDistribution.BINS + 1);
    assertThat(bins.edges().getFirst()).isBetween(-3.5, -2.0);
    assertThat(bins.edges().getLast()).isBetween(5.0, 6.5);
    assertThat(sum(bins.baseline())).isCloseTo(1.0, within(1e-9));
    assertThat(sum(bins.current())).isCloseTo(1.0, within(1e-9));
    // each distribution's mass sits where its mean is
    double baselineMean = 0;
    double currentMean = 0;
    for (int i = 0; i < FeatureDistribution.BINS; i++) {
      double mid = (bins.edges().get(i) + bins.edges().get(i + 1)) / 2;
      baselineMean += mid * bins.baseline().get(i);
      currentMean += mid * bins.current().get(i);
    }
    assertThat(baselineMean).isCloseTo(0, within(0.2));
    assertThat(currentMean).isCloseTo(3, within(0.2));
  }

  @Test
  void aConstantColumnStillGetsBins() {
    FeatureDistribution.Bins bins = FeatureDistribution.numeric(numbers(0.5, 0.5), numbers(0.5));
    assertThat(bins.edges()).hasSize(FeatureDistribution.BINS + 1);
    assertThat(sum(bins.current())).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void withoutABaselineOnlyTheCurrentSharesAreGiven() {
    FeatureDistribution.Bins bins = FeatureDistribution.numeric(null, numbers(1, 2, 3));
    assertThat(bins.baseline()).isNull();
    assertThat(sum(bins.current())).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void categoriesShowTheMostFrequentLabelsOfEitherAndSumTheRest() {
    String[] baseline = new String[300];
    for (int i = 0; i < baseline.length; i++) {
      baseline[i] = "city" + (i % 20); // 20 labels, 5 % each
    }
    String[] current = new String[100];
    for (int i = 0; i < current.length; i++) {
      current[i] = i < 60 ? "Newtown" : "city" + (i % 20);
    }
    FeatureDistribution.Bins bins =
        FeatureDistribution.categorical(labels(baseline), labels(current));

    assertThat(bins.labels()).hasSize(FeatureDistribution.TOP_LABELS + 1);
    assertThat(bins.labels().getFirst()).isEqualTo("Newtown");
    assertThat(bins.labels().getLast()).isEqualTo(FeatureDistribution.OTHER);
    assertThat(bins.current().getFirst()).isCloseTo(0.6, within(1e-9));
    assertThat(bins.baseline().getFirst()).isZero();
    assertThat(sum(bins.baseline())).isCloseTo(1.0, within(1e-9));
    assertThat(sum(bins.current())).isCloseTo(1.0, within(1e-9));
  }
}
