package dev.mlops.contract.schema;

import dev.mlops.contract.csv.CsvTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Proposes a first schema from a CSV file: a column whose present values all read as finite numbers
 * is numeric, anything else categorical. The result is a starting point to review: it sets no
 * ranges and no closed category lists.
 */
public final class SchemaInference {

  /** A numeric target with at most this many distinct values is taken for class labels. */
  static final int MAX_CLASSES_FOR_NUMERIC_TARGET = 10;

  private SchemaInference() {}

  /**
   * @param name dataset name
   * @param table the data, with a header
   * @param target the column to predict (required: guessing it would be a trap)
   * @param timeColumn optional time column
   * @param ignore columns to leave out
   */
  public static DatasetSchema infer(
      String name, CsvTable table, String target, String timeColumn, List<String> ignore) {
    if (table.header().isEmpty()) {
      throw new IllegalArgumentException("cannot infer a schema from an empty file");
    }
    if (table.column(target) < 0) {
      throw new IllegalArgumentException("target column '" + target + "' is not in the header");
    }
    if (timeColumn != null && table.column(timeColumn) < 0) {
      throw new IllegalArgumentException("time column '" + timeColumn + "' is not in the header");
    }
    Set<String> skip = new HashSet<>(ignore == null ? List.of() : ignore);
    List<Feature> features = new ArrayList<>();
    for (String column : table.header()) {
      if (column.equals(target) || column.equals(timeColumn) || skip.contains(column)) {
        continue;
      }
      ColumnProfile p = ColumnProfile.of(table, table.column(column));
      // categories stay open: a closed list would make every new label in later data an error
      features.add(p.numeric ? Feature.numeric(column) : Feature.categorical(column));
    }
    ColumnProfile t = ColumnProfile.of(table, table.column(target));
    ProblemType problem;
    List<String> classes = null;
    if (t.numeric && t.distinct.size() > MAX_CLASSES_FOR_NUMERIC_TARGET) {
      problem = ProblemType.REGRESSION;
    } else {
      classes = List.copyOf(t.distinct);
      problem =
          classes.size() <= 2
              ? ProblemType.BINARY_CLASSIFICATION
              : ProblemType.MULTICLASS_CLASSIFICATION;
    }
    return new DatasetSchema(
        name,
        problem,
        target,
        timeColumn,
        ignore,
        DatasetSchema.DEFAULT_MISSING_VALUES,
        features,
        classes);
  }

  private record ColumnProfile(boolean numeric, TreeSet<String> distinct) {
    static ColumnProfile of(CsvTable table, int column) {
      boolean numeric = true;
      TreeSet<String> distinct = new TreeSet<>();
      for (int r = 0; r < table.size(); r++) {
        String v = table.get(r, column);
        if (v == null || DatasetSchema.DEFAULT_MISSING_VALUES.contains(v.trim())) {
          continue;
        }
        if (numeric) {
          try {
            numeric = Values.parseFinite(v) != null;
          } catch (Values.NonFiniteException e) {
            numeric = false;
          }
        }
        if (distinct.size() <= 10_000) {
          distinct.add(v.trim());
        }
      }
      return new ColumnProfile(numeric, distinct);
    }
  }
}
