package dev.mlops.container.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.contract.json.Json;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tree walker against Python XGBoost's golden predictions and against XGBoost4J. */
class TreeEnsembleParityTest {

  static Path anchor(String name) {
    try {
      return Path.of(TreeEnsembleParityTest.class.getResource("/anchor/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void reproducesPythonXgboostGoldenPredictions() throws Exception {
    TreeEnsemble walker = TreeEnsemble.load(anchor("model.json"), Json.mapper());
    List<String> lines = Files.readAllLines(anchor("golden.csv"));
    assertThat(lines).hasSize(201);
    assertThat(walker.numFeatures()).isEqualTo(8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      float[] row = new float[8];
      for (int i = 0; i < 8; i++) {
        row[i] = Float.parseFloat(f[i]);
      }
      float[] out = new float[1];
      walker.predict(row, 1, out);
      assertThat((double) out[0])
          .isCloseTo(Double.parseDouble(f[8]), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  /** One tree: a split on feature 0 at 0.5, leaves -1 (left) and 2 (right); missing goes right. */
  private static String stump(String numFeature, String leftLeaf) {
    return """
        {"learner": {"learner_model_param": {"num_feature": "%s", "base_score": "0"},
          "objective": {"name": "reg:squarederror"},
          "gradient_booster": {"name": "gbtree", "model": {"tree_info": [0], "trees": [{
            "left_children": [1, -1, -1], "right_children": [2, -1, -1],
            "split_indices": [0, 0, 0], "split_conditions": [0.5, %s, 2.0],
            "default_left": [0, 0, 0], "split_type": [0, 0, 0]}]}}}}
        """
        .formatted(numFeature, leftLeaf);
  }

  @Test
  void walksAStumpAndRefusesWhatItCannotPack() throws Exception {
    var mapper = Json.mapper();
    TreeEnsemble walker = TreeEnsemble.parse(mapper.readTree(stump("3", "-1.0")), "stump");
    float[] out = new float[3];
    walker.predict(new float[] {0.2f, 0, 0, 0.7f, 0, 0, Float.NaN, 0, 0}, 3, out);
    assertThat(out).containsExactly(-1f, 2f, 2f);
    // a feature number and a node number share one int per node (ServingModel then loads the
    // model with XGBoost4J, as for any model the walker refuses)
    assertThatThrownBy(() -> TreeEnsemble.parse(mapper.readTree(stump("1073741824", "-1.0")), "x"))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("more than the walker packs");
    // a leaf must lie above the -Infinity every leaf steps on
    assertThatThrownBy(() -> TreeEnsemble.parse(mapper.readTree(stump("3", "\"-Infinity\"")), "x"))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("leaf value");
  }

  @Test
  void agreesWithXgboost4jIncludingMissingValues() throws Exception {
    Path model = anchor("model.json");
    TreeEnsemble walker = TreeEnsemble.load(model, Json.mapper());
    XgboostPredictor native4j = XgboostPredictor.load(model);
    Random random = new Random(7);
    int rows = 2000;
    float[] data = new float[rows * 8];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextInt(10) == 0 ? Float.NaN : (float) (random.nextGaussian() * 1.5);
    }
    float[] a = new float[rows];
    float[] b = new float[rows];
    walker.predict(data, rows, a);
    native4j.predict(data, rows, b);
    for (int r = 0; r < rows; r++) {
      assertThat(a[r]).as("row %d", r).isCloseTo(b[r], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  /**
   * Models of other shapes than the anchor's 200 trees of depth 6, trained here: tree counts that
   * leave a remainder after the walker's blocks of trees, trees of unequal depths (the walk runs
   * each block for its deepest tree), and several classes (one tree per class and round, one
   * intercept per class in XGBoost 3).
   */
  @ParameterizedTest
  @CsvSource({
    "reg:squarederror, 1, 13, 4",
    "reg:squarederror, 1, 3, 2",
    "binary:logistic, 2, 21, 5",
    "multi:softprob, 3, 7, 3",
    "multi:softmax, 4, 5, 3"
  })
  void agreesWithXgboost4jOnOtherShapes(
      String objective, int classes, int rounds, int maxDepth, @TempDir Path dir) throws Exception {
    int features = 5;
    int rows = 600;
    Random random = new Random(11);
    float[] data = new float[rows * features];
    float[] labels = new float[rows];
    for (int r = 0; r < rows; r++) {
      float score = 0;
      for (int f = 0; f < features; f++) {
        float v = (float) random.nextGaussian();
        data[r * features + f] = random.nextInt(8) == 0 ? Float.NaN : v;
        score += (f + 1) * v;
      }
      labels[r] =
          classes == 1
              ? score
              : Math.floorMod((int) Math.floor(score + random.nextGaussian()), classes);
    }
    DMatrix train = new DMatrix(data, rows, features, Float.NaN);
    train.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", objective);
    params.put("max_depth", maxDepth);
    params.put("eta", 0.3);
    params.put("nthread", 1);
    if (classes > 2) {
      params.put("num_class", classes);
    }
    Booster booster = XGBoost.train(train, params, rounds, Map.of(), null, null);
    Path model = dir.resolve("model.json");
    booster.saveModel(model.toString());
    booster.dispose();
    train.dispose();

    TreeEnsemble walker = TreeEnsemble.load(model, Json.mapper());
    XgboostPredictor native4j = XgboostPredictor.load(model);
    assertThat(walker.outputsPerRow()).isEqualTo(native4j.outputsPerRow());
    int outputs = walker.outputsPerRow();
    float[] a = new float[rows * outputs];
    float[] b = new float[rows * outputs];
    walker.predict(data, rows, a);
    native4j.predict(data, rows, b);
    for (int i = 0; i < a.length; i++) {
      // float sums of up to 21 leaves: equal to about 1e-6 of the value's size
      float tolerance = 1e-5f * Math.max(1f, Math.abs(b[i]));
      assertThat(a[i])
          .as("output %d", i)
          .isCloseTo(b[i], org.assertj.core.data.Offset.offset(tolerance));
    }
  }
}
