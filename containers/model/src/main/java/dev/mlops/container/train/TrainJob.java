package dev.mlops.container.train;

import dev.mlops.container.MlPaths;
import dev.mlops.container.job.CsvDataset;
import dev.mlops.container.job.EncodedRows;
import dev.mlops.container.job.JobFailure;
import dev.mlops.container.job.JobRunner;
import dev.mlops.container.job.RuntimeVersions;
import dev.mlops.container.job.SchemaFiles;
import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.encoding.FeatureEncoder;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.ProblemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The {@code train} Training job: XGBoost on the {@code train} channel (watching {@code
 * validation}), with the schema's feature encoding learned from the training rows and saved with
 * the model, so serving encodes exactly as training did. Writes {@code /opt/ml/model/}: {@code
 * model.json} (XGBoost's JSON format), {@code schema.json}, {@code encoding.json}, {@code
 * provenance.json}, {@code metrics.json} and {@code baseline/}.
 */
public final class TrainJob {

  public static final String TRAIN_CHANNEL = "train";
  public static final String VALIDATION_CHANNEL = "validation";
  public static final String SCHEMA_CHANNEL = "schema";
  public static final String BASELINE_CHANNEL = "baseline";

  public static final String MODEL_FILE = "model.json";
  public static final String ENCODING_FILE = "encoding.json";
  public static final String METRICS_FILE = "metrics.json";
  public static final String BASELINE_FOLDER = "baseline";

  static final String USAGE =
      """
      usage: model-container train
        reads  $ML_ROOT/input/data/{train,validation,schema,baseline}/ and
               $ML_ROOT/input/config/hyperparameters.json
        writes $ML_ROOT/model/{model.json,schema.json,encoding.json,provenance.json,metrics.json,baseline/}""";

  private final MlPaths paths;

  private TrainJob(MlPaths paths) {
    this.paths = paths;
  }

  /** Runs the job; returns the exit code (0 done, 1 failed, 2 bad usage). */
  public static int run(MlPaths paths, String[] args) {
    return JobRunner.run(
        paths,
        "train",
        USAGE,
        () -> {
          if (args.length > 0) {
            throw JobFailure.usage(
                "train takes no arguments, got '" + String.join(" ", args) + "'");
          }
          new TrainJob(paths).execute();
        });
  }

  private void execute() throws IOException {
    Path trainDir = paths.inputChannel(TRAIN_CHANNEL);
    CsvDataset trainData = CsvDataset.read(trainDir, "training channel 'train'");
    DatasetSchema schema = schema(trainDir);
    ProblemType problem = schema.problemType();
    Hyperparameters hp = Hyperparameters.read(paths.hyperparameters(), problem);

    CsvDataset.Checked train = checked(trainData, schema, "training channel 'train'");
    CsvDataset validationData = validationData();
    CsvDataset.Checked validation =
        validationData == null
            ? null
            : checked(validationData, schema, "validation channel 'validation'");
    if (validation != null && validation.usable().size() == 0) {
      System.out.println("train: the validation channel has no usable rows: training without it");
      validation = null;
    }
    if (hp.earlyStoppingRounds() > 0 && validation == null) {
      throw new JobFailure(
          "early_stopping_rounds needs a validation channel with data ("
              + paths.inputChannel(VALIDATION_CHANNEL)
              + ")");
    }

    FeatureEncoding encoding = FeatureEncoding.learn(schema, train.usable());
    int numClass = checkClasses(problem, encoding.classes());
    FeatureEncoder encoder = new FeatureEncoder(encoding, schema.missingValues());
    EncodedRows trainRows =
        EncodedRows.encode(schema, encoder, train.usable(), "training data", false);
    EncodedRows validationRows =
        validation == null
            ? null
            : EncodedRows.encode(schema, encoder, validation.usable(), "validation data", true);
    if (validationRows != null && validationRows.unknownClass() > 0) {
      System.out.printf(
          "train: %d validation row(s) skipped: their class does not occur in the training data%n",
          validationRows.unknownClass());
    }
    System.out.printf(
        "train: %s, %d features, %d training rows, %d validation rows, %s%n",
        problem.json(),
        encoder.width(),
        trainRows.rows(),
        validationRows == null ? 0 : validationRows.rows(),
        hp.values());

    Path modelDir = paths.model();
    long start = System.nanoTime();
    BoostingRun.Result result;
    DMatrix dtrain = null;
    DMatrix dvalidation = null;
    try {
      dtrain = trainRows.toDMatrix(encoder);
      dvalidation = validationRows == null ? null : validationRows.toDMatrix(encoder);
      result =
          new BoostingRun(
                  dtrain, dvalidation, hp.boosterParams(numClass), hp.evalMetrics(), System.out)
              .run(hp.numRound(), hp.earlyStoppingRounds());
      result.booster().setFeatureNames(featureNames(encoder));
      Files.createDirectories(modelDir); // only now: a failed job leaves no half model behind
      result.booster().saveModel(modelDir.resolve(MODEL_FILE).toString());
      result.booster().dispose();
    } catch (XGBoostError e) {
      throw JobFailure.fromXgboost("XGBoost could not train", e);
    } finally {
      if (dtrain != null) {
        dtrain.dispose();
      }
      if (dvalidation != null) {
        dvalidation.dispose();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    DatasetSchema modelSchema =
        problem.isClassification() ? schema.withClasses(encoding.classes()) : schema;
    modelSchema.write(modelDir.resolve(SchemaFiles.FILE_NAME));
    encoding.write(modelDir.resolve(ENCODING_FILE));
    writeBaseline(schema, train, modelDir.resolve(BASELINE_FOLDER));
    writeMetrics(modelDir.resolve(METRICS_FILE), result);

    Map<String, Integer> rows = new LinkedHashMap<>();
    rows.put("train", train.report().rows());
    rows.put("train_used", trainRows.rows());
    rows.put("train_dropped_without_target", train.report().rows() - train.report().usableRows());
    if (validation != null) {
      rows.put("validation", validation.report().rows());
      rows.put("validation_used", validationRows.rows());
    }
    new Provenance(
            schema.name(),
            problem.json(),
            trainData.sha256(),
            trainData.parts().stream().map(p -> trainDir.relativize(p.file()).toString()).toList(),
            validation == null ? null : validationData.sha256(),
            rows,
            hp.values(),
            hp.given().stream().sorted().toList(),
            hp.seed(),
            result.rounds(),
            result.bestIteration(),
            schema.featureNames(),
            encoding.classes(),
            RuntimeVersions.current(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
            Math.round(seconds * 1000) / 1000.0)
        .write(modelDir.resolve(Provenance.FILE_NAME));
    System.out.printf(
        "train: %d rounds in %.1f s; model written to %s%n", result.rounds(), seconds, modelDir);
  }

  private DatasetSchema schema(Path trainDir) {
    Path file = SchemaFiles.find(paths.inputChannel(SCHEMA_CHANNEL));
    if (file == null && Files.isRegularFile(trainDir.resolve(SchemaFiles.FILE_NAME))) {
      file = trainDir.resolve(SchemaFiles.FILE_NAME);
    }
    if (file == null) {
      throw new JobFailure(
          "no schema: expected a 'schema' channel ("
              + paths.inputChannel(SCHEMA_CHANNEL).resolve(SchemaFiles.FILE_NAME)
              + ") or a schema.json in the train channel");
    }
    System.out.println("train: schema from " + file);
    return SchemaFiles.read(file);
  }

  private CsvDataset validationData() {
    Path dir = paths.inputChannel(VALIDATION_CHANNEL);
    if (!Files.exists(dir)) {
      System.out.println("train: no validation channel: metrics are on the training data only");
      return null;
    }
    return CsvDataset.read(dir, "validation channel 'validation'");
  }

  private static CsvDataset.Checked checked(CsvDataset data, DatasetSchema schema, String what) {
    CsvDataset.Checked checked = data.validate(schema);
    if (!checked.report().valid()) {
      throw new JobFailure(what + ": " + checked.report().summary(JobRunner.MAX_REASON_BYTES - 64));
    }
    return checked;
  }

  /** The number of classes (0 for regression), checked against the problem type. */
  private static int checkClasses(ProblemType problem, List<String> classes) {
    if (!problem.isClassification()) {
      return 0;
    }
    if (classes == null || classes.size() < 2) {
      throw new JobFailure(
          "classification needs at least two classes, the training data has "
              + (classes == null || classes.isEmpty() ? "none" : "only " + classes));
    }
    if (problem == ProblemType.BINARY_CLASSIFICATION && classes.size() > 2) {
      throw new JobFailure(
          "the schema says binary_classification but the target has "
              + classes.size()
              + " classes "
              + abbreviate(classes)
              + ": use multiclass_classification");
    }
    return classes.size();
  }

  private static String abbreviate(List<String> classes) {
    return classes.size() <= 10 ? classes.toString() : classes.subList(0, 10) + "...";
  }

  private static String[] featureNames(FeatureEncoder encoder) {
    String[] names = new String[encoder.width()];
    for (int i = 0; i < names.length; i++) {
      names[i] = encoder.featureName(i);
    }
    return names;
  }

  /** The baseline channel as given (checked to be readable), else computed on the train rows. */
  private void writeBaseline(DatasetSchema schema, CsvDataset.Checked train, Path target)
      throws IOException {
    Path channel = paths.inputChannel(BASELINE_CHANNEL);
    if (Files.isDirectory(channel)) {
      try {
        Baseline.read(channel);
      } catch (UncheckedIOException | IllegalArgumentException e) {
        throw new JobFailure(
            "baseline channel "
                + channel
                + " must hold "
                + Baseline.STATISTICS_FILE
                + ", "
                + Baseline.CONSTRAINTS_FILE
                + " and "
                + BaselineSketches.FILE_NAME
                + ": "
                + JobFailure.describe(e),
            e);
      }
      Files.createDirectories(target);
      List<Path> files;
      try (Stream<Path> list = Files.list(channel)) {
        files = list.filter(Files::isRegularFile).toList();
      }
      for (Path f : files) {
        Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      System.out.println("train: baseline copied from the baseline channel");
    } else {
      Baseline.compute(schema, train.usable()).write(target);
      System.out.println("train: no baseline channel: baseline computed on the training rows");
    }
  }

  private static void writeMetrics(Path file, BoostingRun.Result result) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    Map<String, Map<String, Double>> bySet = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : result.finalMetrics().entrySet()) {
      String[] parts = e.getKey().split(":", 2);
      bySet.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], e.getValue());
    }
    metrics.putAll(bySet);
    metrics.put("rounds", result.rounds());
    if (result.bestIteration() != null) {
      metrics.put("best_iteration", result.bestIteration());
    }
    Json.write(file, metrics);
  }
}
