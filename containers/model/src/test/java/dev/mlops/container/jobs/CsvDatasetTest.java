package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.container.job.CsvDataset;
import dev.mlops.container.job.JobFailure;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {

  private static final DatasetSchema SCHEMA =
      new DatasetSchema(
          "t",
          ProblemType.REGRESSION,
          "y",
          null,
          null,
          null,
          List.of(Feature.numeric("x"), Feature.categorical("c")),
          null);

  @TempDir Path dir;

  @Test
  void partsAreReadInPathOrderAndJoined() throws Exception {
    Files.writeString(dir.resolve("part-2.csv"), "x,c,y\n3,b,30\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("part-1.csv"), "x,c,y\n1,a,10\n2,a,\n");
    Files.writeString(dir.resolve("sub/part-3.csv"), "x,c,y\n4,c,40\n");
    Files.writeString(dir.resolve("_SUCCESS"), "");

    CsvDataset data = CsvDataset.read(dir, "test input");
    assertThat(data.parts())
        .extracting(p -> dir.relativize(p.file()).toString())
        .containsExactly("part-1.csv", "part-2.csv", "sub/part-3.csv");
    assertThat(data.rows()).isEqualTo(4);

    CsvDataset.Checked checked = data.validate(SCHEMA);
    assertThat(checked.report().valid()).isTrue();
    assertThat(checked.report().usableRows()).isEqualTo(3);
    assertThat(checked.usable().rows()).extracting(r -> r[0]).containsExactly("1", "3", "4");
    // a warning of a dataset in several files names its file; the line is that file's own
    assertThat(checked.report().warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.row()).isEqualTo(3);
              assertThat(w.reason()).startsWith("[part-1.csv] ");
            });
  }

  @Test
  void differentHeadersAreAnError() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "x,c,y\n1,a,10\n");
    Files.writeString(dir.resolve("b.csv"), "c,x,y\na,1,10\n");
    CsvDataset.Checked checked = CsvDataset.read(dir, "input").validate(SCHEMA);
    assertThat(checked.report().valid()).isFalse();
    assertThat(checked.report().errors().get(0).reason())
        .contains("[b.csv]")
        .contains("header differs from that of a.csv");
  }

  @Test
  void anEmptyPartAmongOthersIsSkipped() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "x,c,y\n1,a,10\n");
    Files.writeString(dir.resolve("b.csv"), "");
    CsvDataset.Checked checked = CsvDataset.read(dir, "input").validate(SCHEMA);
    assertThat(checked.report().valid()).isTrue();
    assertThat(checked.report().warnings().get(0).reason()).contains("[b.csv] the file is empty");
  }

  @Test
  void hashIsTheSha256OfTheBytes() throws Exception {
    byte[] bytes = "x,c,y\n1,a,10\n".getBytes();
    Files.write(dir.resolve("a.csv"), bytes);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(CsvDataset.read(dir, "input").sha256()).isEqualTo(expected);
  }

  @Test
  void missingEmptyAndCsvLessFoldersHaveClearReasons() throws Exception {
    assertThatThrownBy(() -> CsvDataset.read(dir.resolve("nope"), "channel 'train'"))
        .isInstanceOf(JobFailure.class)
        .hasMessage("channel 'train' is missing: " + dir.resolve("nope") + " does not exist");
    assertThatThrownBy(() -> CsvDataset.read(dir, "channel 'train'"))
        .hasMessageContaining("is empty");
    Files.writeString(dir.resolve("data.parquet"), "PAR1");
    assertThatThrownBy(() -> CsvDataset.read(dir, "channel 'train'"))
        .hasMessageContaining("no .csv file")
        .hasMessageContaining("data.parquet");
  }
}
