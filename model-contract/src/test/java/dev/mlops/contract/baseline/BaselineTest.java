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
    Statistics.FeatureStatistics salesStats = back.statistics().features().get(3);
    assertThat(salesStats.name()).isEqualTo("sales");
    assertThat(salesStats.inferredType()).isEqualTo("Integral");
    assertThat(salesStats.numericalStatistics().common().numMissing()).isEqualTo(568);
    assertThat(salesStats.numericalStatistics().common().numPresent()).isEqualTo(8602 - 568);
    Statistics.FeatureStatistics city = back.statistics().features().get(0);
    assertThat(city.stringStatistics().distinctCount()).isEqualTo(46);
    assertThat(back.constraints().feature("city").stringConstraints().domains()).hasSize(46);

    FeatureSketch salesSketch = back.sketches().decode().get("sales");
    assertThat(salesSketch.present()).isEqualTo(8602 - 568);
    // the exact median of the column sits at rank 0.5 of the rebuilt sketch, within KLL's error
    java.util.List<Double> sales = new java.util.ArrayList<>();
    for (int r = 0; r < table.size(); r++) {
      String v = table.get(r, table.column("sales"));
      if (!schema.isMissing(v)) {
        sales.add(Double.parseDouble(v));
      }
    }
    java.util.Collections.sort(sales);
    double median = sales.get(sales.size() / 2);
    assertThat(salesSketch.kll().getRank(median)).isCloseTo(0.5, within(0.02));
    assertThat(salesSketch.mean()).isCloseTo(salesStats.numericalStatistics().mean(), within(1e-6));
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
