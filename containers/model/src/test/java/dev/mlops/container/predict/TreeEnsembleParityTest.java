package dev.mlops.container.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.json.Json;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
}
