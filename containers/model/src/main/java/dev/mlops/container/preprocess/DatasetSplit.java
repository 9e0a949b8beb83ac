package dev.mlops.container.preprocess;

import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.schema.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which usable rows go to train, validation and test. By time when the data has a time column
 * (oldest rows train, newest test, as a model is trained on the past and used on the future); by a
 * seeded shuffle otherwise, so the same data and seed always give the same split.
 *
 * @param train row indexes of the training split, in file order
 * @param validation row indexes of the validation split, in file order
 * @param test row indexes of the test split, in file order
 * @param byTime whether the split followed the time column
 */
public record DatasetSplit(
    List<Integer> train, List<Integer> validation, List<Integer> test, boolean byTime) {

  /** Fewer usable rows than this cannot give three meaningful splits. */
  public static final int MIN_ROWS = 10;

  /** How many rows each split gets. */
  record Sizes(int train, int validation, int test) {
    static Sizes of(int rows, double validationFraction, double testFraction) {
      int test = count(rows, testFraction);
      int validation = count(rows, validationFraction);
      return new Sizes(rows - validation - test, validation, test);
    }

    // a split asked for gets at least one row
    private static int count(int rows, double fraction) {
      return fraction <= 0 ? 0 : Math.max(1, (int) Math.round(rows * fraction));
    }
  }

  /**
   * Splits by the time column: rows sorted by time (as numbers when every value reads as a number,
   * else as text, which orders ISO dates correctly), ties kept in file order.
   */
  public static DatasetSplit byTime(
      CsvTable table, String timeColumn, double validationFraction, double testFraction) {
    int column = table.column(timeColumn);
    int n = table.size();
    Double[] numbers = new Double[n];
    boolean numeric = true;
    for (int r = 0; r < n && numeric; r++) {
      try {
        numbers[r] = Values.parseFinite(table.get(r, column));
      } catch (Values.NonFiniteException e) {
        numbers[r] = null;
      }
      numeric = numbers[r] != null;
    }
    List<Integer> order = indexes(n);
    Comparator<Integer> byTime =
        numeric
            ? Comparator.comparingDouble(r -> numbers[r])
            : Comparator.comparing(r -> table.get(r, column).trim());
    order.sort(byTime); // List.sort is stable: equal times keep file order
    return cut(order, Sizes.of(n, validationFraction, testFraction), true);
  }

  /** Splits by a shuffle seeded with {@code seed}. */
  public static DatasetSplit random(
      int rows, double validationFraction, double testFraction, long seed) {
    List<Integer> order = indexes(rows);
    Collections.shuffle(order, new Random(seed));
    return cut(order, Sizes.of(rows, validationFraction, testFraction), false);
  }

  private static DatasetSplit cut(List<Integer> order, Sizes sizes, boolean byTime) {
    int trainEnd = Math.max(0, sizes.train());
    int validationEnd = trainEnd + sizes.validation();
    List<Integer> train = sorted(order.subList(0, trainEnd));
    List<Integer> validation = sorted(order.subList(trainEnd, validationEnd));
    List<Integer> test = sorted(order.subList(validationEnd, order.size()));
    return new DatasetSplit(train, validation, test, byTime);
  }

  private static List<Integer> sorted(List<Integer> rows) {
    List<Integer> copy = new ArrayList<>(rows);
    Collections.sort(copy);
    return List.copyOf(copy);
  }

  private static List<Integer> indexes(int n) {
    List<Integer> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(i);
    }
    return list;
  }
}
