package dev.mlops.container.preprocess;

import dev.mlops.container.MlPaths;
import dev.mlops.container.job.CsvDataset;
import dev.mlops.container.job.JobFailure;
import dev.mlops.container.job.JobRunner;
import dev.mlops.container.job.SchemaFiles;
import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.SchemaInference;
import dev.mlops.contract.schema.ValidationProblem;
import dev.mlops.contract.schema.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code preprocess} Processing job: validates the raw CSV against the schema (reporting every
 * problem), splits the usable rows into train, validation and test, and computes the baseline
 * statistics and constraints of the training split. See {@code containers/README.md}.
 */
public final class PreprocessJob {

  public static final String DATA_INPUT = "data";
  public static final String SCHEMA_INPUT = "schema";
  public static final String REPORT_FILE = "validation-report.json";

  private final MlPaths paths;
  private final PreprocessOptions options;
  private boolean reportWritten;

  private PreprocessJob(MlPaths paths, PreprocessOptions options) {
    this.paths = paths;
    this.options = options;
  }

  /** Runs the job; returns the exit code (0 done, 1 failed, 2 bad usage). */
  public static int run(MlPaths paths, String[] args) {
    return JobRunner.run(
        paths,
        "preprocess",
        PreprocessOptions.USAGE,
        () -> new PreprocessJob(paths, PreprocessOptions.parse(args)).execute());
  }

  private Path report() {
    return paths.processingOutput("report").resolve(REPORT_FILE);
  }

  private void execute() {
    try {
      process();
    } catch (JobFailure e) {
      // the report is the one file the pipeline reads to show what went wrong: always write it
      if (!reportWritten && e.exitCode() == JobFailure.FAILED) {
        writeReport(
            new ValidationReport(
                0, 0, 1, List.of(new ValidationProblem(0, null, e.getMessage())), List.of()));
      }
      throw e;
    }
  }

  private void process() {
    Path dataDir = paths.processingInput(DATA_INPUT);
    CsvDataset data = CsvDataset.read(dataDir, "processing input 'data'");
    System.out.printf(
        "preprocess: read %d rows from %d file(s) in %s%n",
        data.rows(), data.parts().size(), dataDir);

    DatasetSchema schema = schema(data);
    CsvDataset.Checked checked = data.validate(schema);
    ValidationReport report = checked.report();
    if (report.valid() && report.usableRows() < DatasetSplit.MIN_ROWS) {
      report = withError(report, tooFewRows(report.usableRows()));
    }
    writeReport(report);
    if (!report.valid()) {
      throw new JobFailure(report.summary(JobRunner.MAX_REASON_BYTES - 32));
    }
    if (!report.warnings().isEmpty()) {
      System.out.printf(
          "preprocess: %d warning(s), e.g. %s%n",
          report.warnings().size(), report.warnings().get(0));
    }

    CsvTable usable = checked.usable();
    DatasetSplit split =
        schema.timeColumn() != null
            ? DatasetSplit.byTime(
                usable, schema.timeColumn(), options.validationFraction(), options.testFraction())
            : DatasetSplit.random(
                usable.size(),
                options.validationFraction(),
                options.testFraction(),
                options.seed());
    if (split.train().isEmpty()) {
      throw new JobFailure(
          "the split leaves no training rows: lower --validation-fraction or --test-fraction");
    }
    CsvTable train = usable.select(split.train());
    train.write(paths.processingOutput("train").resolve("train.csv"));
    usable
        .select(split.validation())
        .write(paths.processingOutput("validation").resolve("validation.csv"));
    usable.select(split.test()).write(paths.processingOutput("test").resolve("test.csv"));
    System.out.printf(
        "preprocess: %d usable rows split %s into train %d, validation %d, test %d%n",
        usable.size(),
        split.byTime()
            ? "by '" + schema.timeColumn() + "'"
            : "at random (seed " + options.seed() + ")",
        split.train().size(),
        split.validation().size(),
        split.test().size());

    Baseline.compute(schema, train).write(paths.processingOutput("baseline"));
    schema.write(paths.processingOutput("schema").resolve(SchemaFiles.FILE_NAME));
    System.out.println("preprocess: wrote splits, baseline, schema and report");
  }

  private DatasetSchema schema(CsvDataset data) {
    Path file = SchemaFiles.find(paths.processingInput(SCHEMA_INPUT));
    if (file != null) {
      if (options.target() != null || options.timeColumn() != null) {
        System.out.println(
            "preprocess: --target and --time-column are ignored: the schema " + file + " decides");
      }
      DatasetSchema schema = SchemaFiles.read(file);
      System.out.println("preprocess: schema from " + file);
      return schema;
    }
    if (options.target() == null) {
      throw new JobFailure(
          "no schema given (expected "
              + paths.processingInput(SCHEMA_INPUT).resolve(SchemaFiles.FILE_NAME)
              + ") and no --target to infer one from the data");
    }
    CsvTable first = data.parts().get(0).table();
    String fileName = data.parts().get(0).file().getFileName().toString();
    String name = fileName.replaceFirst("(?i)\\.csv$", "");
    try {
      DatasetSchema schema =
          SchemaInference.infer(name, first, options.target(), options.timeColumn(), List.of());
      System.out.println(
          "preprocess: no schema given, inferred one from "
              + fileName
              + " ("
              + schema.problemType().json()
              + ", "
              + schema.features().size()
              + " features)");
      return schema;
    } catch (IllegalArgumentException e) {
      throw new JobFailure("cannot infer a schema from " + fileName + ": " + e.getMessage(), e);
    }
  }

  private static String tooFewRows(int usable) {
    return "only "
        + usable
        + " usable row(s): at least "
        + DatasetSplit.MIN_ROWS
        + " are needed to split into train, validation and test";
  }

  private static ValidationReport withError(ValidationReport report, String reason) {
    List<ValidationProblem> errors = new ArrayList<>(report.errors());
    errors.add(new ValidationProblem(0, null, reason));
    return new ValidationReport(
        report.rows(), report.usableRows(), report.errorCount() + 1, errors, report.warnings());
  }

  private void writeReport(ValidationReport report) {
    report.write(report());
    reportWritten = true;
    System.out.printf(
        "preprocess: validation report %s: %d rows, %d usable, %d error(s), %d warning(s)%n",
        report(),
        report.rows(),
        report.usableRows(),
        report.errorCount(),
        report.warnings().size());
  }
}
