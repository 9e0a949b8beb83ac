package dev.mlops.container.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.container.MlPaths;
import dev.mlops.container.jobs.MlTree;
import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training job in this JVM, on small synthetic data: what the txhousing ITs do not cover. */
class TrainJobTest {

  private static final String SCHEMA =
      """
      {"name": "synthetic", "problem_type": "regression", "target": "y",
       "features": [{"name": "x", "type": "numeric"}, {"name": "g", "type": "categorical"}]}""";

  @TempDir Path root;

  @BeforeEach
  void data() {
    MlTree.write(root.resolve("input/data/train/train.csv"), rows(400, 1));
    MlTree.write(root.resolve("input/data/validation/validation.csv"), rows(100, 2));
    MlTree.write(root.resolve("input/data/schema/schema.json"), SCHEMA);
  }

  @Test
  void earlyStoppingKeepsExactlyTheBestRounds() throws Exception {
    MlTree.hyperparameters(
        root, "{\"num_round\": \"2000\", \"eta\": \"0.5\", \"early_stopping_rounds\": \"5\"}");
    assertThat(TrainJob.run(new MlPaths(root), new String[0])).isZero();

    JsonNode metrics = Json.mapper().readTree(root.resolve("model/metrics.json").toFile());
    int rounds = metrics.path("rounds").asInt();
    assertThat(rounds).isBetween(2, 1999);
    assertThat(metrics.path("best_iteration").asInt()).isEqualTo(rounds - 1);
    Booster booster = XGBoost.loadModel(root.resolve("model/model.json").toString());
    try {
      assertThat(booster.getNumBoostedRound()).isEqualTo(rounds);
      assertThat(booster.getAttr("best_iteration")).isEqualTo(Integer.toString(rounds - 1));
    } finally {
      booster.dispose();
    }
    JsonNode provenance = Json.mapper().readTree(root.resolve("model/provenance.json").toFile());
    assertThat(provenance.path("best_iteration").asInt()).isEqualTo(rounds - 1);
  }

  @Test
  void withoutValidationOrBaselineChannels() throws Exception {
    MlTree.deleteTree(root.resolve("input/data/validation"));
    MlTree.deleteTree(root.resolve("input/data/schema"));
    // the schema may also travel in the train channel
    MlTree.write(root.resolve("input/data/train/schema.json"), SCHEMA);
    MlTree.hyperparameters(root, "{\"num_round\": \"20\"}");
    assertThat(TrainJob.run(new MlPaths(root), new String[0])).isZero();

    JsonNode metrics = Json.mapper().readTree(root.resolve("model/metrics.json").toFile());
    assertThat(metrics.has("validation")).isFalse();
    assertThat(metrics.path("train").path("rmse").asDouble()).isPositive();
    // no baseline channel: computed from the training rows
    Baseline baseline = Baseline.read(root.resolve("model/baseline"));
    assertThat(baseline.statistics().dataset().itemCount()).isEqualTo(400);
  }

  @Test
  void aClassificationTargetWithOneClassFails() throws Exception {
    MlTree.write(
        root.resolve("input/data/schema/schema.json"),
        SCHEMA.replace("regression", "binary_classification"));
    StringBuilder oneClass = new StringBuilder("x,g,y\n");
    for (int i = 0; i < 20; i++) {
      oneClass.append(i).append(",a,yes\n");
    }
    MlTree.write(root.resolve("input/data/train/train.csv"), oneClass.toString());
    MlTree.deleteTree(root.resolve("input/data/validation"));
    assertThat(TrainJob.run(new MlPaths(root), new String[0])).isEqualTo(1);
    assertThat(Files.readString(root.resolve("output/failure")))
        .contains("at least two classes")
        .contains("[yes]");
    assertThat(root.resolve("model/model.json")).doesNotExist();
  }

  @Test
  void argumentsAreAUsageError() {
    assertThat(TrainJob.run(new MlPaths(root), new String[] {"--fast"})).isEqualTo(2);
  }

  private static String rows(int n, long seed) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("x,g,y\n");
    for (int i = 0; i < n; i++) {
      double x = random.nextDouble() * 10;
      String g = random.nextBoolean() ? "a" : "b";
      double y = 3 * x + (g.equals("a") ? 5 : 0) + random.nextGaussian();
      csv.append(String.format("%.4f,%s,%.4f%n", x, g, y));
    }
    return csv.toString();
  }
}
