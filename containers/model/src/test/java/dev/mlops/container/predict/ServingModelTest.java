package dev.mlops.container.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} loads: the tree walker when it can, XGBoost4J for the models it refuses. */
class ServingModelTest {

  @Test
  void aModelTheWalkerRefusesIsServedByXgboost4jWithItsOwnPredictions(@TempDir Path dir)
      throws Exception {
    // feature 0 is a category code (0-5) the booster splits on as a category, feature 1 a number
    int rows = 400;
    Random random = new Random(3);
    float[] data = new float[rows * 2];
    float[] labels = new float[rows];
    for (int r = 0; r < rows; r++) {
      int code = random.nextInt(6);
      float x = (float) random.nextGaussian();
      data[r * 2] = code;
      data[r * 2 + 1] = random.nextInt(10) == 0 ? Float.NaN : x;
      labels[r] = (code % 3 == 0 ? 4f : -2f) + x;
    }
    DMatrix train = new DMatrix(data, rows, 2, Float.NaN);
    train.setFeatureTypes(new String[] {"c", "q"});
    train.setLabel(labels);
    Booster booster =
        XGBoost.train(
            train,
            Map.of(
                "objective",
                "reg:squarederror",
                "tree_method",
                "hist",
                "max_cat_to_onehot",
                1,
                "max_depth",
                3,
                "nthread",
                1),
            8,
            Map.of(),
            null,
            null);
    Path model = dir.resolve("model.json");
    booster.saveModel(model.toString());
    float[][] expected = booster.predict(train);
    booster.dispose();
    train.dispose();
    assertThatThrownBy(() -> TreeEnsemble.load(model, Json.mapper()))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("categorical splits");

    ServingModel serving = ServingModel.load(dir);

    assertThat(serving.bare()).isTrue();
    assertThat(serving.predictor()).isInstanceOf(XgboostPredictor.class);
    float[] out = new float[rows];
    serving.predictor().predict(data, rows, out);
    for (int r = 0; r < rows; r++) {
      assertThat(out[r]).as("row %d", r).isCloseTo(expected[r][0], Offset.offset(1e-6f));
    }
    // and the model learned something: codes 0 and 1 lie 6 apart in the labels
    assertThat(out[indexOfCode(data, 0)] - out[indexOfCode(data, 1)]).isGreaterThan(3f);
  }

  private static int indexOfCode(float[] data, int code) {
    for (int r = 0; r < data.length / 2; r++) {
      if (data[r * 2] == code
          && !Float.isNaN(data[r * 2 + 1])
          && Math.abs(data[r * 2 + 1]) < 0.5f) {
        return r;
      }
    }
    throw new AssertionError("no row with code " + code);
  }
}
