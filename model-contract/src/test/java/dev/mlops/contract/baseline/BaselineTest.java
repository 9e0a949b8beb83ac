package dev.mlops.contract.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.contract.TestData;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.monitor.Statistics;
import dev.mlops.contract.schema.DatasetSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

  @Test
  void computesModelMonitorStatisticsAndRoundTripsSketches(@TempDir Path dir) {
    DatasetSchema schema = DatasetSchema.read(TestData.txhousingSchema());
    CsvTable table = CsvTable.read(TestData.txhousingCsv());
    Baseline baseline = Baseline.compute(schema, table);
    baseline.write(dir);

    Baseline back = Baseline.read(dir);
    assertThat(back.statistics().dataset().itemCount()).isEqualTo(8602);
    Statistics.FeatureStatistics sales = back.statistics().features().get(3);
    assertThat(sales.name()).isEqualTo("sales");
    assertThat(sales.inferredType()).isEqualTo("Integral");
    assertThat(sales.numericalStatistics().common().numMissing()).isEqualTo(568);
    assertThat(sales.numericalStatistics().common().numPresent()).isEqualTo(8602 - 568);
    Statistics.FeatureStatistics city = back.statistics().features().get(0);
    assertThat(city.stringStatistics().distinctCount()).isEqualTo(46);
    assertThat(back.constraints().feature("city").stringConstraints().domains()).hasSize(46);

    FeatureSketch salesSketch = back.sketches().decode().get("sales");
    assertThat(salesSketch.present()).isEqualTo(8602 - 568);
    assertThat(salesSketch.kll().getQuantile(0.5))
        .isCloseTo(baseline.sketches().decode().get("sales").kll().getQuantile(0.5), within(1e-9));
    assertThat(salesSketch.mean()).isCloseTo(sales.numericalStatistics().mean(), within(1e-6));
  }

  @Test
  void repeatedValuesRoundTrip() {
    FeatureSketch s = FeatureSketch.numeric();
    for (int i = 0; i < 5000; i++) {
      s.addNumber(i % 7); // heavy ties
    }
    BaselineSketches.Entry entry = s.toEntry();
    assertThat(entry.items()).allSatisfy(item -> assertThat(item[1]).isGreaterThanOrEqualTo(1));
    FeatureSketch back = FeatureSketch.fromEntry(entry);
    assertThat(back.present()).isEqualTo(5000);
    assertThat(back.kll().getQuantile(0.5)).isEqualTo(s.kll().getQuantile(0.5));
  }
}
