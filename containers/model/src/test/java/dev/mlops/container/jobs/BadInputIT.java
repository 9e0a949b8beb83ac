package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.container.it.ContainerProcess;
import dev.mlops.contract.schema.ValidationProblem;
import dev.mlops.contract.schema.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2, "Must show" 3: bad input gives a clear reason, the right exit code and no crash. Every
 * case runs the packaged container as a process, as SageMaker would.
 */
class BadInputIT {

  private static final String HEADER =
      "city,year,month,sales,volume,median,listings,inventory,date";

  @TempDir Path dir;
  private Path root;

  @BeforeEach
  void setUp() {
    root = dir.resolve("ml");
  }

  // ---------------------------------------------------------------- preprocess

  @Test
  void emptyCsvFailsWithReport() {
    ContainerProcess.Outcome outcome = preprocess("");
    assertFailed(outcome).contains("empty");
    assertThat(report().errors())
        .extracting(ValidationProblem::reason)
        .anyMatch(r -> r.contains("empty"));
  }

  @Test
  void headerOnlyCsvFails() {
    ContainerProcess.Outcome outcome = preprocess(HEADER + "\n");
    assertFailed(outcome).contains("no data rows");
  }

  @Test
  void missingTargetColumnIsNamed() {
    String header = HEADER.replace("median,", "");
    StringBuilder csv = new StringBuilder(header).append('\n');
    for (int i = 0; i < 20; i++) {
      csv.append("Abilene,2000,1,72,5380000,701,6.3,2000\n");
    }
    ContainerProcess.Outcome outcome = preprocess(csv.toString());
    assertFailed(outcome).contains("column 'median'").contains("missing from the header");
    assertThat(report().errors())
        .singleElement()
        .satisfies(p -> assertThat(p.column()).isEqualTo("median"));
  }

  @Test
  void wrongTypesAreAllReportedWithRowAndColumn() {
    List<String> rows = validRows(30);
    rows.set(3, "Abilene,2000,1,many,5380000,71400,701,6.3,2000.1"); // line 5
    rows.set(7, "Abilene,2000,1,72,5380000,cheap,701,6.3,2000.2"); // line 9
    rows.set(12, "Abilene,2000,13,72,5380000,71400,701,6.3,2000.3"); // line 14: month > 12
    rows.set(20, "Abilene,2000,1,72,5380000,71400,701,6.3"); // line 22: a field short
    ContainerProcess.Outcome outcome = preprocess(csv(rows));

    assertFailed(outcome)
        .contains("4 problems")
        .contains("row 5, column 'sales': 'many' is not a number")
        .contains("row 9, column 'median': 'cheap' is not a number")
        .contains("row 14, column 'month'");
    ValidationReport report = report();
    assertThat(report.valid()).isFalse();
    assertThat(report.errorCount()).isEqualTo(4);
    assertThat(report.errors())
        .extracting(ValidationProblem::row, ValidationProblem::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(5, "sales"),
            org.assertj.core.groups.Tuple.tuple(9, "median"),
            org.assertj.core.groups.Tuple.tuple(14, "month"),
            org.assertj.core.groups.Tuple.tuple(22, null));
    // nothing downstream is written for invalid data
    assertThat(root.resolve("processing/output/train")).doesNotExist();
  }

  @Test
  void nanAndInfinityAreRejected() {
    List<String> rows = validRows(20);
    rows.set(0, "Abilene,2000,1,NaN,5380000,71400,701,6.3,2000.0");
    rows.set(1, "Abilene,2000,1,72,Infinity,71400,701,6.3,2000.0");
    rows.set(2, "Abilene,2000,1,72,5380000,-inf,701,6.3,2000.0");
    rows.set(3, "Abilene,2000,1,72,5380000,71400,1e999,6.3,2000.0");
    ContainerProcess.Outcome outcome = preprocess(csv(rows));
    assertFailed(outcome)
        .contains("row 2, column 'sales': 'NaN' is not a finite number")
        .contains("row 3, column 'volume'")
        .contains("row 4, column 'median'")
        .contains("row 5, column 'listings'");
    assertThat(report().errorCount()).isEqualTo(4);
  }

  @Test
  void manyProblemsAreAllListedButTheReasonStaysUnderOneKilobyte() {
    List<String> rows = validRows(400);
    for (int i = 0; i < rows.size(); i++) {
      rows.set(i, rows.get(i).replace(",72,", ",n/a,"));
    }
    ContainerProcess.Outcome outcome = preprocess(csv(rows));
    assertFailed(outcome).contains("400 problems").endsWith("...");
    assertThat(report().errors()).hasSize(400);
  }

  @Test
  void tooFewRowsToSplit() {
    ContainerProcess.Outcome outcome = preprocess(csv(validRows(9)));
    assertFailed(outcome).contains("only 9 usable row(s)").contains("at least 10");
    assertThat(report().valid()).isFalse();
  }

  @Test
  void noInputFolderNoFilesNoCsv() throws IOException {
    ContainerProcess.Outcome missing = ContainerProcess.run(root, "preprocess");
    assertFailed(missing).contains("processing input 'data' is missing");
    assertThat(report().errors()).isNotEmpty(); // the report is written whatever the failure

    Path data = Files.createDirectories(root.resolve("processing/input/data"));
    assertFailed(ContainerProcess.run(root, "preprocess")).contains("is empty: no files");

    Files.writeString(data.resolve("readme.txt"), "not data");
    assertFailed(ContainerProcess.run(root, "preprocess"))
        .contains("no .csv file")
        .contains("readme.txt");
  }

  @Test
  void binaryFileNamedCsvIsNotText() throws IOException {
    Path data = Files.createDirectories(root.resolve("processing/input/data"));
    Files.write(data.resolve("data.csv"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1});
    schemaInput();
    assertFailed(ContainerProcess.run(root, "preprocess")).contains("not UTF-8 text");
  }

  @Test
  void invalidSchemaIsNamed() {
    MlTree.write(root.resolve("processing/input/data/d.csv"), csv(validRows(20)));
    MlTree.write(
        root.resolve("processing/input/schema/schema.json"),
        "{\"target\": \"median\", \"features\": [{\"name\": \"sales\", \"type\": \"numeric\"}]}");
    assertFailed(ContainerProcess.run(root, "preprocess"))
        .contains("invalid schema")
        .contains("problem_type is required");
  }

  @Test
  void badArgumentsExitTwoWithUsage() {
    ContainerProcess.Outcome unknown = ContainerProcess.run(root, "preprocess", "--bogus", "1");
    unknown.expectExit(2);
    assertThat(unknown.stderr()).contains("unknown option --bogus").contains("usage:");

    ContainerProcess.Outcome fractions =
        ContainerProcess.run(
            root, "preprocess", "--test-fraction", "0.6", "--validation-fraction=0.5");
    fractions.expectExit(2);
    assertThat(fractions.stderr()).contains("must be below 1");

    ContainerProcess.Outcome notANumber = ContainerProcess.run(root, "preprocess", "--seed", "x");
    notANumber.expectExit(2);
    assertThat(notANumber.stderr()).contains("--seed takes an integer");
  }

  @Test
  void unknownSubcommandExitsTwo() {
    ContainerProcess.Outcome outcome = ContainerProcess.run(root, "frobnicate");
    outcome.expectExit(2);
    assertThat(outcome.stderr()).contains("usage: model-container");
  }

  // ---------------------------------------------------------------- train

  @Test
  void unknownAndUnparsableHyperparametersFailWithEveryReason() {
    trainingChannels();
    MlTree.hyperparameters(
        root,
        "{\"num_round\": \"ten\", \"eta\": \"2\", \"max_depth\": \"-1\", \"learning_speed\": \"fast\","
            + " \"objective\": \"binary:logistic\", \"sagemaker_program\": \"ignored\"}");
    ContainerProcess.Outcome outcome = ContainerProcess.run(root, "train");
    assertFailed(outcome)
        .contains("bad hyperparameters")
        .contains("unknown hyperparameter 'learning_speed'")
        .contains("num_round='ten' is not an integer")
        .contains("eta='2' is out of range")
        .contains("max_depth='-1' is out of range")
        .contains("objective='binary:logistic' does not fit a regression schema")
        .doesNotContain("sagemaker_program");
    assertThat(root.resolve("model/model.json")).doesNotExist();
  }

  @Test
  void unknownEvalMetricIsReportedInXgboostsWords() {
    trainingChannels();
    MlTree.hyperparameters(root, "{\"eval_metric\": \"wobble\", \"num_round\": \"3\"}");
    assertFailed(ContainerProcess.run(root, "train")).contains("XGBoost").contains("wobble");
  }

  @Test
  void hyperparametersThatAreNotJsonFail() {
    trainingChannels();
    MlTree.hyperparameters(root, "{num_round: 3");
    assertFailed(ContainerProcess.run(root, "train"))
        .contains("cannot read hyperparameters")
        .contains("line 1");
  }

  @Test
  void missingChannelsFail() throws IOException {
    assertFailed(ContainerProcess.run(root, "train"))
        .contains("training channel 'train' is missing");

    trainingChannels();
    MlTree.deleteTree(root.resolve("input/data/schema"));
    assertFailed(ContainerProcess.run(root, "train")).contains("no schema");

    trainingChannels();
    MlTree.deleteTree(root.resolve("input/data/validation"));
    MlTree.hyperparameters(root, "{\"early_stopping_rounds\": \"5\"}");
    assertFailed(ContainerProcess.run(root, "train"))
        .contains("early_stopping_rounds needs a validation channel");
  }

  @Test
  void invalidTrainingDataFails() throws IOException {
    trainingChannels();
    Path train = root.resolve("input/data/train/train.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(train));
    lines.set(3, lines.get(3).replaceFirst(",[0-9]+,", ",lots,"));
    Files.write(train, lines);
    assertFailed(ContainerProcess.run(root, "train"))
        .contains("training channel 'train'")
        .contains("row 4")
        .contains("is not a number");
  }

  // ---------------------------------------------------------------- evaluate

  @Test
  void evaluateWithoutModelOrTestDataFails() {
    assertFailed(ContainerProcess.run(root, "evaluate"))
        .contains("processing input 'model' is missing");

    MlTree.copy(
        TrainedTxhousing.modelArchive(), root.resolve("processing/input/model/model.tar.gz"));
    assertFailed(ContainerProcess.run(root, "evaluate"))
        .contains("processing input 'test' is missing");
  }

  @Test
  void evaluateRefusesAnArchiveThatEscapesItsFolder() throws Exception {
    Path staging = Files.createDirectories(dir.resolve("staging/inner"));
    Files.writeString(staging.resolve("model.json"), "{}");
    Path archive = root.resolve("processing/input/model/model.tar.gz");
    Files.createDirectories(archive.getParent());
    // GNU tar keeps "../" in names only when told to; a hostile archive would have it
    Process tar =
        new ProcessBuilder(
                "tar",
                "-czf",
                archive.toString(),
                "-C",
                staging.toString(),
                "--absolute-names",
                "../inner/model.json")
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor()).as(new String(tar.getInputStream().readAllBytes())).isZero();
    MlTree.copyTree(
        TrainedTxhousing.preprocessOutput().resolve("test"), root.resolve("processing/input/test"));

    assertFailed(ContainerProcess.run(root, "evaluate"))
        .contains("../inner/model.json")
        .contains("refusing to extract");
  }

  @Test
  void evaluateRejectsAGarbageArchive() {
    MlTree.write(root.resolve("processing/input/model/model.tar.gz"), "this is not gzip");
    MlTree.copyTree(
        TrainedTxhousing.preprocessOutput().resolve("test"), root.resolve("processing/input/test"));
    assertFailed(ContainerProcess.run(root, "evaluate")).contains("not a gzip file");
  }

  @Test
  void evaluateRejectsBadTestValuesByRowAndColumn() throws IOException {
    MlTree.copyTree(TrainedTxhousing.modelDir(), root.resolve("processing/input/model"));
    Path test = root.resolve("processing/input/test/test.csv");
    MlTree.copy(TrainedTxhousing.preprocessOutput().resolve("test/test.csv"), test);
    List<String> lines = new ArrayList<>(Files.readAllLines(test));
    lines.set(2, lines.get(2).replaceFirst(",[0-9]+,", ",Infinity,"));
    Files.write(test, lines);
    assertFailed(ContainerProcess.run(root, "evaluate"))
        .contains("row 3, column 'year'")
        .contains("not a finite number");
  }

  // ---------------------------------------------------------------- helpers

  /** Exit code 1 and a reason in both failure files: one paragraph, at most 1 KiB, no trace. */
  private static org.assertj.core.api.AbstractStringAssert<?> assertFailed(
      ContainerProcess.Outcome outcome) {
    outcome.expectExit(1);
    String failure = outcome.failure();
    assertThat(failure).as("failure file").isNotBlank();
    assertThat(outcome.message()).as("processing ExitMessage").isEqualTo(failure);
    assertThat(failure.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(failure)
        .doesNotContain("\n")
        .doesNotContain("\tat ")
        .doesNotContainPattern(
            "\\b(java|ml\\.dmlc|dev\\.mlops)\\.[a-z]+\\.[A-Za-z]+(Exception|Error)");
    assertThat(outcome.stderr()).contains(failure.substring(0, Math.min(80, failure.length())));
    return assertThat(failure);
  }

  private ContainerProcess.Outcome preprocess(String csv) {
    MlTree.write(root.resolve("processing/input/data/data.csv"), csv);
    schemaInput();
    return ContainerProcess.run(root, "preprocess");
  }

  private void schemaInput() {
    MlTree.copy(MlTree.txhousingSchema(), root.resolve("processing/input/schema/schema.json"));
  }

  private ValidationReport report() {
    return ValidationReport.read(root.resolve("processing/output/report/validation-report.json"));
  }

  private void trainingChannels() {
    MlTree.trainingChannels(root, TrainedTxhousing.preprocessOutput());
  }

  private static List<String> validRows(int n) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add("Abilene,2000," + (i % 12 + 1) + ",72,5380000,71400,701,6.3," + (2000 + i / 12.0));
    }
    return rows;
  }

  private static String csv(List<String> rows) {
    return HEADER + "\n" + String.join("\n", rows) + "\n";
  }
}
