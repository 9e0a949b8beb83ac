package dev.mlops.contract.schema;

import dev.mlops.contract.csv.CsvTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a CSV table against a schema and reports every problem with its row, column and reason.
 * Rows whose target is missing are dropped with a warning rather than failing the dataset: real
 * exports have gaps in the label, and a model can still be trained on the rest.
 */
public final class SchemaValidator {

  private SchemaValidator() {}

  /** The outcome: the report, and the rows that can be used when the report is valid. */
  public record Result(ValidationReport report, List<Integer> usableRows) {}

  public static Result validate(DatasetSchema schema, CsvTable table) {
    ValidationReport.Builder problems = new ValidationReport.Builder();
    if (table.header().isEmpty()) {
      problems.error(0, null, "the file is empty: expected a header line and data rows");
      return new Result(problems.build(0, 0), List.of());
    }
    List<String> required = new ArrayList<>(schema.featureNames());
    required.add(schema.target());
    if (schema.timeColumn() != null) {
      required.add(schema.timeColumn());
    }
    boolean headerOk = true;
    for (String column : required) {
      if (table.column(column) < 0) {
        problems.error(1, column, "column is missing from the header");
        headerOk = false;
      }
    }
    if (table.size() == 0) {
      problems.error(0, null, "the file has a header but no data rows");
    }
    if (!headerOk) {
      return new Result(problems.build(table.size(), 0), List.of());
    }

    List<Feature> features = schema.features();
    int[] featureColumns = new int[features.size()];
    List<Set<String>> allowed = new ArrayList<>(features.size());
    for (int f = 0; f < features.size(); f++) {
      featureColumns[f] = table.column(features.get(f).name());
      List<String> categories = features.get(f).categories();
      allowed.add(categories == null ? null : new HashSet<>(categories));
    }
    int targetColumn = table.column(schema.target());
    int timeColumn = schema.timeColumn() == null ? -1 : table.column(schema.timeColumn());
    Set<String> classes = schema.classes() == null ? null : new HashSet<>(schema.classes());
    int width = table.header().size();

    List<Integer> usable = new ArrayList<>(table.size());
    for (int r = 0; r < table.size(); r++) {
      int line = table.lineNumber(r);
      int errorsBefore = problems.errorCount();
      String[] row = table.rows().get(r);
      if (row.length != width) {
        problems.error(
            line, null, "has " + row.length + " fields but the header has " + width + " columns");
        continue;
      }
      for (int f = 0; f < features.size(); f++) {
        checkFeature(
            schema, features.get(f), allowed.get(f), row[featureColumns[f]], line, problems);
      }
      if (timeColumn >= 0 && schema.isMissing(row[timeColumn])) {
        problems.error(line, schema.timeColumn(), "the time column has no value");
      }
      String target = row[targetColumn];
      boolean targetPresent = !schema.isMissing(target);
      if (targetPresent) {
        checkTarget(schema, classes, target, line, problems);
      }
      if (problems.errorCount() == errorsBefore) {
        if (targetPresent) {
          usable.add(r);
        } else {
          problems.warning(line, schema.target(), "target is missing: row dropped");
        }
      }
    }
    if (problems.errorCount() == 0 && usable.isEmpty() && table.size() > 0) {
      problems.error(0, schema.target(), "no row has a target value");
    }
    return new Result(problems.build(table.size(), usable.size()), usable);
  }

  private static void checkFeature(
      DatasetSchema schema,
      Feature feature,
      Set<String> allowed,
      String value,
      int line,
      ValidationReport.Builder problems) {
    if (schema.isMissing(value)) {
      return; // XGBoost learns a default direction for missing values
    }
    if (feature.isNumeric()) {
      Double v = parse(value, feature.name(), line, problems);
      if (v == null) {
        return;
      }
      if (feature.min() != null && v < feature.min()) {
        problems.error(line, feature.name(), value + " is below the minimum " + feature.min());
      }
      if (feature.max() != null && v > feature.max()) {
        problems.error(line, feature.name(), value + " is above the maximum " + feature.max());
      }
    } else if (allowed != null && !allowed.contains(value)) {
      problems.error(line, feature.name(), "'" + value + "' is not one of the schema's categories");
    }
  }

  private static void checkTarget(
      DatasetSchema schema,
      Set<String> classes,
      String value,
      int line,
      ValidationReport.Builder problems) {
    if (!schema.problemType().isClassification()) {
      parse(value, schema.target(), line, problems);
    } else if (classes != null && !classes.contains(value.trim())) {
      problems.error(line, schema.target(), "'" + value + "' is not one of the schema's classes");
    }
  }

  private static Double parse(
      String value, String column, int line, ValidationReport.Builder problems) {
    try {
      Double v = Values.parseFinite(value);
      if (v == null) {
        problems.error(line, column, "'" + abbreviate(value) + "' is not a number");
      }
      return v;
    } catch (Values.NonFiniteException e) {
      problems.error(line, column, e.getMessage());
      return null;
    }
  }

  static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 37) + "...";
  }
}
