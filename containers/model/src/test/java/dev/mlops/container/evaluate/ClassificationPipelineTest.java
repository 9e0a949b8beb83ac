package dev.mlops.container.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.container.MlPaths;
import dev.mlops.container.jobs.MlTree;
import dev.mlops.container.preprocess.PreprocessJob;
import dev.mlops.container.train.TrainJob;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.evaluation.EvaluationReport;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.FeatureType;
import dev.mlops.contract.schema.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classification through the three jobs, in this JVM (the separate-process chain is covered on
 * txhousing by the ITs): a schema inferred from data with {@code --target}, a seeded random split,
 * class labels learned at training, and SageMaker's classification metrics.
 */
class ClassificationPipelineTest {

  @TempDir Path dir;

  @Test
  void binaryClassification() throws Exception {
    StringBuilder csv = new StringBuilder("x,colour,noise,label\n");
    Random random = new Random(1);
    for (int i = 0; i < 800; i++) {
      double x = random.nextDouble() * 2 - 1;
      String colour = new String[] {"red", "green", "blue"}[random.nextInt(3)];
      double score = x + (colour.equals("red") ? 0.6 : 0) + random.nextGaussian() * 0.1;
      csv.append(
          String.format(
              "%.4f,%s,%.3f,%s%n", x, colour, random.nextDouble(), score > 0.3 ? "yes" : "no"));
    }
    EvaluationReport report = runPipeline(csv.toString(), "label");

    assertThat(report.binaryMetrics()).containsKeys("accuracy", "precision", "recall", "f1", "auc");
    assertThat(report.metric("accuracy")).isGreaterThan(0.85);
    assertThat(report.metric("auc")).isGreaterThan(0.9);
    assertThat(report.metric("f1")).isGreaterThan(0.8);

    DatasetSchema schema = DatasetSchema.read(dir.resolve("train/model/schema.json"));
    assertThat(schema.problemType()).isEqualTo(ProblemType.BINARY_CLASSIFICATION);
    assertThat(schema.classes()).containsExactly("no", "yes");
    FeatureEncoding encoding = FeatureEncoding.read(dir.resolve("train/model/encoding.json"));
    assertThat(encoding.classes()).containsExactly("no", "yes");
    assertThat(encoding.features().get(1).type()).isEqualTo(FeatureType.CATEGORICAL);
    assertThat(encoding.features().get(1).categories()).containsExactly("blue", "green", "red");
  }

  @Test
  void multiclassClassification() throws Exception {
    StringBuilder csv = new StringBuilder("a,b,kind\n");
    Random random = new Random(2);
    for (int i = 0; i < 900; i++) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      String kind = a < 0.33 ? "low" : a < 0.66 ? "mid" : "high";
      csv.append(String.format("%.4f,%.4f,%s%n", a, b, kind));
    }
    EvaluationReport report = runPipeline(csv.toString(), "kind");
    assertThat(report.multiclassMetrics()).containsKeys("accuracy", "weighted_f1");
    assertThat(report.metric("accuracy")).isGreaterThan(0.9);
    assertThat(report.metric("weighted_f1")).isGreaterThan(0.9);
    assertThat(DatasetSchema.read(dir.resolve("train/model/schema.json")).classes())
        .containsExactly("high", "low", "mid");
  }

  private EvaluationReport runPipeline(String csv, String target) throws Exception {
    Path pre = dir.resolve("preprocess");
    MlTree.write(pre.resolve("processing/input/data/data.csv"), csv);
    assertThat(
            PreprocessJob.run(new MlPaths(pre), new String[] {"--target", target, "--seed", "3"}))
        .isZero();
    assertThat(Files.readString(pre.resolve("processing/output/schema/schema.json")))
        .contains("\"target\" : \"" + target + "\"");

    Path train = dir.resolve("train");
    MlTree.trainingChannels(train, pre.resolve("processing/output"));
    MlTree.hyperparameters(
        train, "{\"num_round\": \"60\", \"max_depth\": \"4\", \"eta\": \"0.2\"}");
    assertThat(TrainJob.run(new MlPaths(train), new String[0])).isZero();

    Path evaluate = dir.resolve("evaluate");
    MlTree.copyTree(train.resolve("model"), evaluate.resolve("processing/input/model"));
    MlTree.copyTree(
        pre.resolve("processing/output/test"), evaluate.resolve("processing/input/test"));
    assertThat(EvaluateJob.run(new MlPaths(evaluate), new String[0])).isZero();
    return EvaluationReport.read(evaluate.resolve("processing/evaluation/evaluation.json"));
  }
}
