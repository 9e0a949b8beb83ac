package dev.mlops.container.job;

import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.encoding.FeatureEncoder;
import dev.mlops.contract.encoding.InvalidInputException;
import dev.mlops.contract.schema.DatasetSchema;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Rows of a CSV table turned into XGBoost input by the model's {@link FeatureEncoder}, the encoder
 * serving uses too, so that training, evaluation and serving see identical vectors.
 *
 * @param features row-major, {@code rows * width} values, NaN for missing
 * @param labels one label per row (the number, or the class code)
 * @param rows rows encoded
 * @param width features per row
 * @param withoutTarget rows skipped because their target is missing
 * @param unknownClass rows skipped because their class was not seen in training
 * @param unknownCategories categorical values not seen in training (encoded as missing)
 */
public record EncodedRows(
    float[] features,
    float[] labels,
    int rows,
    int width,
    int withoutTarget,
    int unknownClass,
    int unknownCategories) {

  /**
   * Encodes every row that has a target. Columns are found by name, so the table may hold more
   * columns (the time column, ignored ones) in any order.
   *
   * @param what how the user knows this data, e.g. "validation data", for messages
   * @param skipUnknownClasses whether a class the model does not know skips the row (evaluation) or
   *     fails (training, where the classes come from the data itself)
   * @throws JobFailure for a missing column or a value that cannot be encoded
   */
  public static EncodedRows encode(
      DatasetSchema schema,
      FeatureEncoder encoder,
      CsvTable table,
      String what,
      boolean skipUnknownClasses) {
    int width = encoder.width();
    int[] columns = new int[width];
    for (int i = 0; i < width; i++) {
      columns[i] = table.column(encoder.featureName(i));
      if (columns[i] < 0) {
        throw new JobFailure(
            what + ": column '" + encoder.featureName(i) + "' is missing from the header");
      }
    }
    int targetColumn = table.column(schema.target());
    if (targetColumn < 0) {
      throw new JobFailure(
          what + ": the target column '" + schema.target() + "' is missing from the header");
    }
    int headerWidth = table.header().size();
    float[] features = new float[table.size() * width];
    float[] labels = new float[table.size()];
    String[] fields = new String[width];
    int n = 0;
    int withoutTarget = 0;
    int unknownClass = 0;
    int unknownCategories = 0;
    for (int r = 0; r < table.size(); r++) {
      String[] row = table.rows().get(r);
      int line = table.lineNumber(r);
      if (row.length != headerWidth) {
        throw new JobFailure(
            what
                + ": row "
                + line
                + " has "
                + row.length
                + " fields but the header has "
                + headerWidth
                + " columns");
      }
      String target = row[targetColumn];
      if (schema.isMissing(target)) {
        withoutTarget++;
        continue;
      }
      try {
        float label;
        try {
          label = encoder.encodeTarget(target, line, schema.target());
        } catch (InvalidInputException e) {
          if (skipUnknownClasses && encoder.classes() != null) {
            unknownClass++;
            continue;
          }
          throw e;
        }
        for (int i = 0; i < width; i++) {
          fields[i] = row[columns[i]];
        }
        unknownCategories += encoder.encodeFields(fields, features, n * width, line);
        labels[n] = label;
        n++;
      } catch (InvalidInputException e) {
        throw new JobFailure(what + ": " + e.getMessage(), e);
      }
    }
    if (n < table.size()) {
      features = java.util.Arrays.copyOf(features, n * width);
      labels = java.util.Arrays.copyOf(labels, n);
    }
    return new EncodedRows(
        features, labels, n, width, withoutTarget, unknownClass, unknownCategories);
  }

  /** The rows as an XGBoost matrix, NaN meaning missing, with labels and feature names set. */
  public DMatrix toDMatrix(FeatureEncoder encoder) throws XGBoostError {
    DMatrix matrix = new DMatrix(features, rows, width, Float.NaN);
    matrix.setLabel(labels);
    String[] names = new String[width];
    for (int i = 0; i < width; i++) {
      names[i] = encoder.featureName(i);
    }
    matrix.setFeatureNames(names);
    return matrix;
  }
}
