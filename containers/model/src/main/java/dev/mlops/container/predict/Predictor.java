package dev.mlops.container.predict;

/**
 * Scores encoded rows. Implementations are immutable and safe to share between threads.
 *
 * <p>Rows are packed in one array, {@link #numFeatures()} floats per row, NaN for missing values.
 * The output has {@link #outputsPerRow()} values per row: the prediction for regression, the
 * probability of the second class for binary classification, one probability per class for
 * multiclass.
 */
public interface Predictor {

  int numFeatures();

  int outputsPerRow();

  void predict(float[] rows, int rowCount, float[] out);

  /** What produced this predictor, for logs. */
  String description();
}
