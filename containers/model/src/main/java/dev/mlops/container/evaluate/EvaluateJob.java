package dev.mlops.container.evaluate;

import dev.mlops.container.MlPaths;
import dev.mlops.container.job.CsvDataset;
import dev.mlops.container.job.EncodedRows;
import dev.mlops.container.job.JobFailure;
import dev.mlops.container.job.JobRunner;
import dev.mlops.container.job.SchemaFiles;
import dev.mlops.container.job.TarGz;
import dev.mlops.contract.encoding.FeatureEncoder;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.evaluation.EvaluationReport;
import dev.mlops.contract.evaluation.Metrics;
import dev.mlops.contract.schema.DatasetSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The {@code evaluate} Processing job: predicts the test split with the trained model (encoded by
 * the model's own {@code encoding.json}, as serving does) and writes {@code evaluation.json} in
 * SageMaker's metrics format, which the pipeline's quality gate reads.
 */
public final class EvaluateJob {

  public static final String MODEL_INPUT = "model";
  public static final String TEST_INPUT = "test";
  public static final String MODEL_FILE = "model.json";
  public static final String ENCODING_FILE = "encoding.json";

  static final String USAGE =
      """
      usage: model-container evaluate
        reads  $ML_ROOT/processing/input/model/ (model.tar.gz or the model's files) and
               $ML_ROOT/processing/input/test/*.csv
        writes $ML_ROOT/processing/evaluation/evaluation.json""";

  private final MlPaths paths;

  private EvaluateJob(MlPaths paths) {
    this.paths = paths;
  }

  /** Runs the job; returns the exit code (0 done, 1 failed, 2 bad usage). */
  public static int run(MlPaths paths, String[] args) {
    return JobRunner.run(
        paths,
        "evaluate",
        USAGE,
        () -> {
          if (args.length > 0) {
            throw JobFailure.usage(
                "evaluate takes no arguments, got '" + String.join(" ", args) + "'");
          }
          new EvaluateJob(paths).execute();
        });
  }

  private void execute() throws IOException {
    Path input = paths.processingInput(MODEL_INPUT);
    if (!Files.isDirectory(input)) {
      throw new JobFailure("processing input 'model' is missing: " + input + " does not exist");
    }
    // read the test data first: a missing test input fails before any extraction work
    CsvDataset test = CsvDataset.read(paths.processingInput(TEST_INPUT), "processing input 'test'");
    Path archive = archive(input);
    Path extracted = null;
    try {
      Path modelDir = input;
      if (archive != null) {
        extracted = Files.createTempDirectory("model-");
        TarGz.extract(archive, extracted);
        modelDir = extracted;
        System.out.println("evaluate: extracted " + archive);
      }
      EvaluationReport report = evaluate(modelDir, test);
      Path out = paths.evaluation().resolve(EvaluationReport.FILE_NAME);
      report.write(out);
      for (Map.Entry<String, Double> m : report.metrics().entrySet()) {
        System.out.println("test:" + m.getKey() + "=" + plain(m.getValue()));
      }
      System.out.println("evaluate: wrote " + out);
    } finally {
      if (extracted != null) {
        deleteTree(extracted);
      }
    }
  }

  /** The model.tar.gz of the input, or null when the input holds the model's files. */
  private static Path archive(Path input) throws IOException {
    List<Path> archives;
    try (Stream<Path> list = Files.list(input)) {
      archives =
          list.filter(Files::isRegularFile)
              .filter(
                  p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".tar.gz") || n.endsWith(".tgz");
                  })
              .sorted()
              .toList();
    }
    if (archives.size() > 1) {
      throw new JobFailure(
          "processing input 'model' holds several archives ("
              + archives.stream().map(p -> p.getFileName().toString()).toList()
              + "): which one is the model?");
    }
    return archives.isEmpty() ? null : archives.get(0);
  }

  private static EvaluationReport evaluate(Path modelDir, CsvDataset test) throws IOException {
    Path modelFile = required(modelDir, MODEL_FILE);
    DatasetSchema schema = SchemaFiles.read(required(modelDir, SchemaFiles.FILE_NAME));
    FeatureEncoding encoding;
    try {
      encoding = FeatureEncoding.read(required(modelDir, ENCODING_FILE));
    } catch (UncheckedIOException e) {
      throw new JobFailure("invalid " + ENCODING_FILE + ": " + JobFailure.describe(e), e);
    }
    FeatureEncoder encoder = new FeatureEncoder(encoding, schema.missingValues());
    EncodedRows rows = encode(schema, encoder, test);
    if (rows.rows() == 0) {
      throw new JobFailure(
          "the test data has no row with a value in the target column '"
              + schema.target()
              + "' ("
              + test.rows()
              + " rows read)");
    }
    System.out.printf(
        "evaluate: %d test rows (%d without target skipped, %d with a class unknown to the model"
            + " skipped, %d unknown categories encoded as missing)%n",
        rows.rows(), rows.withoutTarget(), rows.unknownClass(), rows.unknownCategories());

    float[][] predictions;
    Booster booster = null;
    DMatrix matrix = null;
    try {
      booster = XGBoost.loadModel(modelFile.toString());
      matrix = rows.toDMatrix(encoder);
      predictions = booster.predict(matrix);
    } catch (XGBoostError e) {
      throw JobFailure.fromXgboost("XGBoost could not predict with " + modelFile, e);
    } finally {
      if (matrix != null) {
        matrix.dispose();
      }
      if (booster != null) {
        booster.dispose();
      }
    }
    return switch (schema.problemType()) {
      case REGRESSION -> Metrics.regression(rows.labels(), column(predictions, 0));
      case BINARY_CLASSIFICATION -> Metrics.binary(rows.labels(), column(predictions, 0));
      case MULTICLASS_CLASSIFICATION ->
          Metrics.multiclass(rows.labels(), classes(predictions), encoder.classes().size());
    };
  }

  /** Encodes the test files one by one (each has its own header) and joins the rows. */
  private static EncodedRows encode(DatasetSchema schema, FeatureEncoder encoder, CsvDataset test) {
    List<EncodedRows> parts = new ArrayList<>();
    for (CsvDataset.Part part : test.parts()) {
      if (part.table().header().isEmpty()) {
        continue; // an empty file holds no rows to score
      }
      String what = "test data " + test.folder().relativize(part.file());
      parts.add(EncodedRows.encode(schema, encoder, part.table(), what, true));
    }
    int rows = 0;
    int withoutTarget = 0;
    int unknownClass = 0;
    int unknownCategories = 0;
    for (EncodedRows p : parts) {
      rows += p.rows();
      withoutTarget += p.withoutTarget();
      unknownClass += p.unknownClass();
      unknownCategories += p.unknownCategories();
    }
    int width = encoder.width();
    float[] features = new float[rows * width];
    float[] labels = new float[rows];
    int at = 0;
    for (EncodedRows p : parts) {
      System.arraycopy(p.features(), 0, features, at * width, p.rows() * width);
      System.arraycopy(p.labels(), 0, labels, at, p.rows());
      at += p.rows();
    }
    return new EncodedRows(
        features, labels, rows, width, withoutTarget, unknownClass, unknownCategories);
  }

  private static Path required(Path modelDir, String name) {
    Path file = modelDir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new JobFailure(
          "the model has no "
              + name
              + " (looked in "
              + modelDir
              + "): was it trained by this container's train job?");
    }
    return file;
  }

  private static float[] column(float[][] predictions, int c) {
    float[] out = new float[predictions.length];
    for (int i = 0; i < predictions.length; i++) {
      out[i] = predictions[i][c];
    }
    return out;
  }

  /** Class codes: the most probable class (multi:softprob), or the code itself (multi:softmax). */
  static float[] classes(float[][] predictions) {
    float[] out = new float[predictions.length];
    for (int i = 0; i < predictions.length; i++) {
      float[] p = predictions[i];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      out[i] = p.length == 1 ? p[0] : best;
    }
    return out;
  }

  private static String plain(double v) {
    return Double.isFinite(v)
        ? new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString()
        : Double.toString(v);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("evaluate: could not delete " + root + ": " + e.getMessage());
    }
  }
}
