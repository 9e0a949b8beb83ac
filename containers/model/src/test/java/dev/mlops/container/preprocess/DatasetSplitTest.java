package dev.mlops.container.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.csv.CsvTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

  @Test
  void numericTimesSplitOldestToTrainNewestToTest() {
    // file order is not time order: 10 rows with times 9, 8, ..., 0
    StringBuilder csv = new StringBuilder("t,y\n");
    for (int i = 9; i >= 0; i--) {
      csv.append(i).append(',').append(i * 10).append('\n');
    }
    CsvTable table = CsvTable.parse(csv.toString());
    DatasetSplit split = DatasetSplit.byTime(table, "t", 0.2, 0.2);

    assertThat(split.byTime()).isTrue();
    assertThat(times(table, split.train())).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
    assertThat(times(table, split.validation())).containsExactlyInAnyOrder("6", "7");
    assertThat(times(table, split.test())).containsExactlyInAnyOrder("8", "9");
    assertThat(split.train()).isSorted(); // written in file order
  }

  @Test
  void numbersAreComparedAsNumbersNotText() {
    CsvTable table = CsvTable.parse("t,y\n9,1\n10,1\n100,1\n2,1\n");
    DatasetSplit split = DatasetSplit.byTime(table, "t", 0.25, 0.25);
    assertThat(times(table, split.test())).containsExactly("100");
    assertThat(times(table, split.validation())).containsExactly("10");
  }

  @Test
  void isoDatesAreComparedAsText() {
    CsvTable table =
        CsvTable.parse("t,y\n2021-03-01,1\n2020-12-31,1\n2021-01-15,1\n2020-01-01,1\n");
    DatasetSplit split = DatasetSplit.byTime(table, "t", 0.25, 0.25);
    assertThat(times(table, split.train())).containsExactlyInAnyOrder("2020-01-01", "2020-12-31");
    assertThat(times(table, split.validation())).containsExactly("2021-01-15");
    assertThat(times(table, split.test())).containsExactly("2021-03-01");
  }

  @Test
  void randomSplitIsSeededAndCoversEveryRowOnce() {
    DatasetSplit a = DatasetSplit.random(1000, 0.15, 0.15, 42);
    DatasetSplit b = DatasetSplit.random(1000, 0.15, 0.15, 42);
    DatasetSplit c = DatasetSplit.random(1000, 0.15, 0.15, 7);
    assertThat(a).isEqualTo(b);
    assertThat(a.test()).isNotEqualTo(c.test());
    assertThat(a.byTime()).isFalse();
    assertThat(a.train()).hasSize(700);
    assertThat(a.validation()).hasSize(150);
    assertThat(a.test()).hasSize(150);
    Set<Integer> all = new HashSet<>(a.train());
    all.addAll(a.validation());
    all.addAll(a.test());
    assertThat(all).hasSize(1000);
    // shuffled, not the first 700 rows
    assertThat(a.test()).anyMatch(i -> i < 700);
  }

  @Test
  void aRequestedSplitGetsAtLeastOneRowAndZeroMeansNone() {
    DatasetSplit split = DatasetSplit.random(10, 0.01, 0, 1);
    assertThat(split.validation()).hasSize(1);
    assertThat(split.test()).isEmpty();
    assertThat(split.train()).hasSize(9);
  }

  private static List<String> times(CsvTable table, List<Integer> rows) {
    List<String> out = new ArrayList<>();
    for (int r : rows) {
      out.add(table.get(r, 0));
    }
    return out;
  }
}
