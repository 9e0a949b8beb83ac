package dev.mlops.container.predict;

import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Predicts through XGBoost4J (native XGBoost). The reference the tree walker is checked against,
 * and the fallback for models the walker does not support (categorical splits, other formats).
 */
public final class XgboostPredictor implements Predictor {

  private final Booster booster;
  private final int numFeatures;
  private final int outputs;
  private final String description;

  private XgboostPredictor(Booster booster, int numFeatures, int outputs, String description) {
    this.booster = booster;
    this.numFeatures = numFeatures;
    this.outputs = outputs;
    this.description = description;
  }

  public static XgboostPredictor load(Path file) throws XGBoostError {
    Booster booster = XGBoost.loadModel(file.toString());
    int features = (int) booster.getNumFeature();
    // one probe row tells how many outputs a row gets (1, or the number of classes)
    float[] probe = new float[Math.max(1, features)];
    java.util.Arrays.fill(probe, Float.NaN);
    DMatrix m = new DMatrix(probe, 1, Math.max(1, features), Float.NaN);
    try {
      int outputs = booster.predict(m)[0].length;
      return new XgboostPredictor(
          booster,
          features,
          outputs,
          "xgboost4j: " + file.getFileName() + " (" + features + " features)");
    } finally {
      m.dispose();
    }
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public int outputsPerRow() {
    return outputs;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void predict(float[] rows, int rowCount, float[] out) {
    try {
      DMatrix m = new DMatrix(rows, rowCount, numFeatures, Float.NaN);
      try {
        float[][] p = booster.predict(m);
        for (int r = 0; r < rowCount; r++) {
          System.arraycopy(p[r], 0, out, r * outputs, outputs);
        }
      } finally {
        m.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
    }
  }
}
