package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.container.it.ContainerProcess;
import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.encoding.FeatureEncoder;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.evaluation.EvaluationReport;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.FeatureType;
import dev.mlops.contract.schema.ProblemType;
import dev.mlops.contract.schema.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * Issue 2, "Must show" 1: preprocess, train and evaluate on the bundled txhousing data, each a
 * separate container process in its own /opt/ml tree, checking every file they write.
 */
class PipelineIT {

  private static final int TXHOUSING_ROWS = 8602;

  @Test
  void preprocessValidatesAndSplitsByTime() throws Exception {
    ContainerProcess.Outcome outcome = TrainedTxhousing.preprocessed();
    Path out = TrainedTxhousing.preprocessOutput();

    ValidationReport report = ValidationReport.read(out.resolve("report/validation-report.json"));
    assertThat(report.valid()).isTrue();
    assertThat(report.rows()).isEqualTo(TXHOUSING_ROWS);
    // txhousing has months without a median: those rows are dropped with a warning, not an error
    assertThat(report.usableRows()).isBetween(7000, TXHOUSING_ROWS - 1);
    assertThat(report.warnings())
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w.column()).isEqualTo("median"));

    CsvTable train = CsvTable.read(out.resolve("train/train.csv"));
    CsvTable validation = CsvTable.read(out.resolve("validation/validation.csv"));
    CsvTable test = CsvTable.read(out.resolve("test/test.csv"));
    assertThat(train.size() + validation.size() + test.size()).isEqualTo(report.usableRows());
    assertThat(validation.size()).isCloseTo((int) (report.usableRows() * 0.15), within(2));
    assertThat(test.size()).isCloseTo((int) (report.usableRows() * 0.15), within(2));
    assertThat(train.header()).isEqualTo(test.header()).contains("median", "date");

    // by time: the past trains, the future tests
    assertThat(max(train, "date")).isLessThanOrEqualTo(min(validation, "date"));
    assertThat(max(validation, "date")).isLessThanOrEqualTo(min(test, "date"));
    assertThat(max(train, "date")).isLessThan(max(test, "date"));

    DatasetSchema schema = DatasetSchema.read(out.resolve("schema/schema.json"));
    assertThat(schema).isEqualTo(DatasetSchema.read(MlTree.txhousingSchema()));

    Baseline baseline = Baseline.read(out.resolve("baseline"));
    assertThat(baseline.statistics().dataset().itemCount()).isEqualTo(train.size());
    assertThat(baseline.constraints().features()).hasSize(schema.features().size());
    assertThat(baseline.sketches().itemCount()).isEqualTo(train.size());
    assertThat(baseline.sketches().decode().keySet())
        .containsExactlyElementsOf(schema.featureNames());
    assertThat(outcome.stdout()).contains("split by 'date'");
  }

  @Test
  void trainWritesModelWithEverythingServingAndAuditNeed() throws Exception {
    ContainerProcess.Outcome outcome = TrainedTxhousing.trained();
    Path model = TrainedTxhousing.modelDir();
    Path trainCsv = TrainedTxhousing.trainRoot().resolve("input/data/train/train.csv");

    // metrics in the form SageMaker metric definitions match, per rounds and at the end
    Matcher m = Pattern.compile("validation:rmse=([0-9\\.]+)").matcher(outcome.stdout());
    int lines = 0;
    double lastLogged = Double.NaN;
    while (m.find()) {
      lines++;
      lastLogged = Double.parseDouble(m.group(1));
    }
    assertThat(lines).as(outcome.stdout()).isGreaterThan(10);
    assertThat(outcome.stdout()).containsPattern("train:rmse=[0-9\\.]+");

    JsonNode metrics = Json.mapper().readTree(model.resolve("metrics.json").toFile());
    assertThat(metrics.path("validation").path("rmse").asDouble()).isEqualTo(lastLogged);
    assertThat(metrics.path("train").path("rmse").asDouble())
        .isPositive()
        .isLessThan(metrics.path("validation").path("rmse").asDouble());
    assertThat(metrics.path("rounds").asInt()).isEqualTo(200);

    DatasetSchema schema = DatasetSchema.read(model.resolve("schema.json"));
    assertThat(schema.problemType()).isEqualTo(ProblemType.REGRESSION);
    FeatureEncoding encoding = FeatureEncoding.read(model.resolve("encoding.json"));
    assertThat(encoding.features()).extracting(f -> f.name()).isEqualTo(schema.featureNames());
    FeatureEncoding.EncodedFeature city = encoding.features().get(0);
    assertThat(city.type()).isEqualTo(FeatureType.CATEGORICAL);
    assertThat(city.categories()).contains("Abilene", "Austin").isSorted();

    JsonNode provenance = Json.mapper().readTree(model.resolve("provenance.json").toFile());
    assertThat(provenance.path("train_data_sha256").asText()).isEqualTo(sha256(trainCsv));
    assertThat(provenance.path("validation_data_sha256").asText()).hasSize(64);
    assertThat(provenance.path("rows").path("train_used").asInt())
        .isEqualTo(CsvTable.read(trainCsv).size());
    assertThat(provenance.path("hyperparameters").path("num_round").asInt()).isEqualTo(200);
    assertThat(provenance.path("hyperparameters").path("nthread").asInt())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(provenance.path("seed").asLong()).isEqualTo(42);
    assertThat(provenance.path("libraries").path("xgboost4j").asText()).isEqualTo("3.4.0");
    assertThat(provenance.path("libraries").path("java").asText()).isNotBlank();
    assertThat(provenance.path("libraries").path("model_container").asText())
        .isEqualTo("0.1.0-SNAPSHOT");
    assertThat(provenance.path("trained_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    // the baseline channel was given: the model carries it unchanged
    Baseline baseline = Baseline.read(model.resolve("baseline"));
    assertThat(Files.readString(model.resolve("baseline/statistics.json")))
        .isEqualTo(
            Files.readString(
                TrainedTxhousing.preprocessOutput().resolve("baseline/statistics.json")));
    assertThat(baseline.sketches()).isNotNull();

    // model.json is XGBoost's JSON format and predicts like training saw it
    assertThat(Files.readString(model.resolve("model.json"))).startsWith("{\"learner\"");
    Booster booster = XGBoost.loadModel(model.resolve("model.json").toString());
    try {
      assertThat(booster.getNumBoostedRound()).isEqualTo(200);
      assertThat(booster.getFeatureNames()).containsExactlyElementsOf(schema.featureNames());
      FeatureEncoder encoder = new FeatureEncoder(encoding, schema.missingValues());
      float[] row = new float[encoder.width()];
      encoder.encodeFields(
          new String[] {"Austin", "2010", "6", "2800", "700000000", "9000", "4.5"}, row, 0, 1);
      DMatrix matrix = new DMatrix(row, 1, row.length, Float.NaN);
      float prediction = booster.predict(matrix)[0][0];
      matrix.dispose();
      assertThat(prediction).isBetween(150_000f, 300_000f); // Austin's median price in 2010
    } finally {
      booster.dispose();
    }
  }

  @Test
  void evaluateScoresTheTestSplit() throws Exception {
    ContainerProcess.Outcome outcome = TrainedTxhousing.evaluated();
    Path file = TrainedTxhousing.evaluateRoot().resolve("processing/evaluation/evaluation.json");
    EvaluationReport report = EvaluationReport.read(file);
    assertThat(report.regressionMetrics()).containsKeys("mse", "rmse", "mae", "r2", "mape");
    double rmse = report.metric("rmse");
    assertThat(report.metric("mse")).isCloseTo(rmse * rmse, within(rmse));
    // txhousing prices are 50k-300k: a useful model is off by tens of thousands at most
    assertThat(rmse).isBetween(1_000.0, 50_000.0);
    assertThat(report.metric("r2")).isGreaterThan(0.5);
    assertThat(report.metric("mape")).isBetween(1.0, 25.0);
    JsonNode raw = Json.mapper().readTree(file.toFile());
    assertThat(raw.path("regression_metrics").path("rmse").path("standard_deviation").asText())
        .isEqualTo("NaN");
    assertThat(outcome.stdout()).containsPattern("test:rmse=[0-9\\.]+");
  }

  @Test
  void evaluateAlsoReadsTheModelFilesWithoutArchive(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path root = dir.resolve("ml");
    MlTree.copyTree(TrainedTxhousing.modelDir(), root.resolve("processing/input/model"));
    MlTree.copyTree(
        TrainedTxhousing.preprocessOutput().resolve("test"), root.resolve("processing/input/test"));
    ContainerProcess.run(root, "evaluate").expectExit(0);
    EvaluationReport plain =
        EvaluationReport.read(root.resolve("processing/evaluation/evaluation.json"));
    EvaluationReport packed =
        EvaluationReport.read(
            TrainedTxhousing.evaluateRoot().resolve("processing/evaluation/evaluation.json"));
    assertThat(plain.metrics()).isEqualTo(packed.metrics());
  }

  private static String max(CsvTable table, String column) {
    return extreme(table, column, true);
  }

  private static String min(CsvTable table, String column) {
    return extreme(table, column, false);
  }

  /** Dates in txhousing are decimal years: compared as numbers, returned as text for messages. */
  private static String extreme(CsvTable table, String column, boolean max) {
    int c = table.column(column);
    double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (int r = 0; r < table.size(); r++) {
      double v = Double.parseDouble(table.get(r, c));
      best = max ? Math.max(best, v) : Math.min(best, v);
    }
    return String.format("%012.6f", best);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
