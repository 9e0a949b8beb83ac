package dev.mlops.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.TestData;
import dev.mlops.contract.csv.CsvTable;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

  private final DatasetSchema schema = DatasetSchema.read(TestData.txhousingSchema());

  @Test
  void bundledDatasetIsValidAndDropsRowsWithoutTarget() {
    CsvTable table = CsvTable.read(TestData.txhousingCsv());
    SchemaValidator.Result result = SchemaValidator.validate(schema, table);
    assertThat(result.report().valid()).isTrue();
    assertThat(result.report().rows()).isEqualTo(8602);
    // 616 rows have "NA" as median: dropped with a warning each
    assertThat(result.report().usableRows()).isEqualTo(8602 - 616);
    assertThat(result.report().warnings()).hasSize(616);
  }

  @Test
  void reportsEveryProblemWithRowAndColumn() {
    String csv =
        """
        city,year,month,sales,volume,median,listings,inventory,date
        Abilene,2000,1,72,5380000,71400,701,6.3,2000
        Abilene,2000,2,lots,6505000,58700,746,6.6,2000.08
        Abilene,2000,3,130,NaN,58100,784,6.8,2000.16
        Abilene,2000,4,98,9730000,68600,785,Infinity,2000.25
        Abilene,2000,5
        """;
    ValidationReport report = SchemaValidator.validate(schema, CsvTable.parse(csv)).report();
    assertThat(report.valid()).isFalse();
    assertThat(report.errorCount()).isEqualTo(4);
    assertThat(report.errors())
        .extracting(ValidationProblem::toString)
        .containsExactly(
            "row 3, column 'sales': 'lots' is not a number",
            "row 4, column 'volume': 'NaN' is not a finite number",
            "row 5, column 'inventory': 'Infinity' is not a finite number",
            "row 6: has 3 fields but the header has 9 columns");
    assertThat(report.summary(1024)).startsWith("dataset validation failed: 4 problems: row 3");
  }

  @Test
  void missingColumnsAndEmptyFilesAreReported() {
    ValidationReport noTarget =
        SchemaValidator.validate(
                schema,
                CsvTable.parse(
                    "city,year,month,sales,volume,listings,inventory,date\nA,1,1,1,1,1,1,1\n"))
            .report();
    assertThat(noTarget.errors())
        .extracting(ValidationProblem::toString)
        .containsExactly("row 1, column 'median': column is missing from the header");

    ValidationReport empty = SchemaValidator.validate(schema, CsvTable.parse("")).report();
    assertThat(empty.valid()).isFalse();
    assertThat(empty.errors().get(0).reason()).contains("empty");
  }

  @Test
  void infersTheBundledSchemaShape() {
    CsvTable table = CsvTable.read(TestData.txhousingCsv());
    DatasetSchema inferred = SchemaInference.infer("txhousing", table, "median", "date", null);
    assertThat(inferred.problemType()).isEqualTo(ProblemType.REGRESSION);
    assertThat(inferred.featureNames())
        .containsExactly("city", "year", "month", "sales", "volume", "listings", "inventory");
    assertThat(inferred.feature("city").type()).isEqualTo(FeatureType.CATEGORICAL);
    assertThat(inferred.feature("sales").type()).isEqualTo(FeatureType.NUMERIC);
  }
}
