package dev.mlops.drift.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.baseline.FeatureSketch;
import dev.mlops.contract.capture.CaptureCodec;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.drift.Txhousing;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.ModelRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the reader is pure; each test folds real capture lines and reads the sketches. */
class CaptureReaderTest {

  static final ModelRef MODEL =
      new ModelRef("tx-prod-v1", "v1", "txhousing", "s3://b/schema.json", "s3://b/baseline/");
  static final SchemaLayout LAYOUT = new SchemaLayout(Txhousing.schema());

  /** Folds into one window, or into several when maxRecords is set. */
  static final class Windows implements WindowCursor {
    final List<DriftWindow> all = new ArrayList<>();
    final long maxRecords;

    Windows(long maxRecords) {
      this.maxRecords = maxRecords;
      all.add(DriftWindow.open("w0", 0, MODEL, LAYOUT, Instant.EPOCH));
    }

    @Override
    public DriftWindow current() {
      return all.get(all.size() - 1);
    }

    @Override
    public void afterRecord() {
      if (current().isFull(maxRecords)) {
        current().close(Instant.EPOCH);
        all.add(DriftWindow.open("w" + all.size(), all.size(), MODEL, LAYOUT, Instant.EPOCH));
      }
    }
  }

  private static String line(String inType, String in, String outType, String out) {
    return CaptureCodec.line(
        CaptureCodec.record(
            "e",
            null,
            Instant.parse("2024-01-01T00:00:00Z"),
            inType,
            in.getBytes(StandardCharsets.UTF_8),
            outType,
            out == null ? null : out.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void foldsCsvCapturesExactlyAsTheBaselineFoldsTheSameRows() {
    List<Integer> rows = Txhousing.rowsWhereYear(y -> y == 2005);
    Windows windows = new Windows(0);
    ObjectFold fold = new CaptureReader().fold(Txhousing.captureObject(rows, 0), LAYOUT, windows);

    assertThat(fold.captures()).isEqualTo(rows.size());
    assertThat(fold.records()).isEqualTo(rows.size());
    DriftWindow w = windows.current();
    assertThat(w.records()).isEqualTo(rows.size());
    assertThat(w.predictions()).isEqualTo(rows.size());
    assertThat(w.skippedCounts()).isEmpty();

    // the training baseline's own fold of the same rows: identical counts and moments
    Baseline reference = Baseline.compute(Txhousing.schema(), Txhousing.table().select(rows));
    var expected = reference.sketches().decode();
    DatasetSchema schema = Txhousing.schema();
    for (int i = 0; i < schema.features().size(); i++) {
      FeatureSketch mine = w.feature(i);
      FeatureSketch theirs = expected.get(schema.features().get(i).name());
      assertThat(mine.present()).as(schema.features().get(i).name()).isEqualTo(theirs.present());
      assertThat(mine.missing()).isEqualTo(theirs.missing());
      assertThat(mine.wrongType()).isEqualTo(theirs.wrongType());
      if (mine.isNumeric()) {
        assertThat(mine.sum()).isCloseTo(theirs.sum(), within(1e-6 * Math.abs(theirs.sum())));
      } else {
        assertThat(mine.labelCounts().length).isEqualTo(theirs.labelCounts().length);
      }
    }
    assertThat(w.firstEventTime()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(w.lastEventTime())
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z").plusMillis(rows.size() - 1).toString());
  }

  @Test
  void foldsJsonInstancesByNameAndByPosition() {
    String objects =
        "{\"instances\": [{\"city\": \"Abilene\", \"year\": 2001, \"month\": 2, \"sales\": \"98\","
            + " \"volume\": 6505000, \"listings\": null, \"inventory\": 6.6},"
            + " [\"Austin\", 2002, 3, 100, 1.5e7, 700, 5.5]]}";
    Windows windows = new Windows(0);
    new CaptureReader()
        .fold(
            lines(
                line(
                    "application/json",
                    objects,
                    "application/json",
                    "{\"predictions\": [70000.5, 80000]}")),
            LAYOUT,
            windows);
    DriftWindow w = windows.current();
    assertThat(w.records()).isEqualTo(2);
    assertThat(w.predictions()).isEqualTo(2);
    assertThat(w.feature(0).labelCounts())
        .extracting(r -> r.getItem())
        .containsExactlyInAnyOrder("Abilene", "Austin");
    assertThat(w.feature(1).kll().getMinItem()).isEqualTo(2001);
    assertThat(w.feature(3).sum()).isEqualTo(198); // "98" read as a number
    assertThat(w.feature(5).missing()).isEqualTo(1); // null listings
    assertThat(w.prediction().sum()).isEqualTo(150000.5);
    assertThat(w.missingColumnRecords()).isZero();
    assertThat(w.extraColumnRecords()).isZero();
  }

  @Test
  void countsWhatDoesNotFitWithoutThrowing() {
    byte[] object =
        lines(
            Txhousing.captureLine(0, 1),
            "this is not json",
            "{\"captureData\": {\"endpointOutput\": {\"data\": \"1\"}}}",
            "{\"captureData\": {\"endpointInput\": {\"observedContentType\": \"text/csv\","
                + " \"data\": \"Abilene,2000,1,72\"}}}  trailing",
            line(
                "text/csv",
                "Abilene,2000,1,72,5380000,701,6.3,surprise,again",
                "text/csv",
                "70000"),
            line("text/csv", "Abilene,2000,1", "text/csv", "70000"),
            line("text/csv", "Abilene,two thousand,1,NA,5380000,,6.3", "text/csv", "oops"),
            line("application/x-npy", "binary", "text/csv", "1"),
            line("application/json", "{\"instances\": [{\"city\": \"Abilene\"", "text/csv", "1"),
            line(
                "application/json",
                "{\"instances\": [{\"city\": \"Waco\", \"zip\": 76701}]}",
                "application/json",
                "not json"),
            "",
            "{\"captureData\": {\"endpointInput\": {\"observedContentType\": \"text/csv\","
                + " \"encoding\": \"BASE64\", \"data\": \"QWJpbGVuZSwyMDAwLDEsNzIsNTM4MDAwMCw3MDEsNi4z\"}}}",
            "{\"captureData\": {\"endpointInput\": {\"observedContentType\": \"text/csv\","
                + " \"encoding\": \"BASE64\", \"data\": \"%%%\"}}}");
    Windows windows = new Windows(0);
    ObjectFold fold = new CaptureReader().fold(object, LAYOUT, windows);
    DriftWindow w = windows.current();

    assertThat(fold.captures()).isEqualTo(12);
    assertThat(w.captures()).isEqualTo(12);
    assertThat(fold.skipped(SkipReason.MALFORMED_LINE)).isEqualTo(3);
    assertThat(fold.skipped(SkipReason.UNSUPPORTED_CONTENT_TYPE)).isEqualTo(1);
    assertThat(fold.skipped(SkipReason.MALFORMED_INPUT)).isEqualTo(2);
    assertThat(fold.skipped(SkipReason.MALFORMED_OUTPUT)).isEqualTo(1);
    // good line, extra columns, short row, wrong types, JSON with an unknown key, base64 row
    assertThat(w.records()).isEqualTo(6);
    assertThat(w.extraColumnRecords()).isEqualTo(2);
    assertThat(w.extraColumns())
        .containsEntry("_c7", 1L)
        .containsEntry("_c8", 1L)
        .containsEntry("zip", 1L);
    assertThat(w.missingColumnRecords()).isEqualTo(2);
    assertThat(w.absentCount(3)).isEqualTo(2); // sales absent from the short row and the JSON one
    assertThat(w.feature(1).wrongType()).isEqualTo(1); // "two thousand"
    assertThat(w.feature(3).missing()).isEqualTo(3); // NA, plus absent twice
    assertThat(w.prediction().wrongType()).isEqualTo(1); // "oops"
    assertThat(w.feature(0).labelCounts()).extracting(r -> r.getItem()).contains("Abilene", "Waco");
  }

  @Test
  void rollsOverToANewWindowAtTheRecordLimit() {
    List<Integer> rows = Txhousing.rowsWhereYear(y -> y == 2003).subList(0, 250);
    Windows windows = new Windows(100);
    new CaptureReader().fold(Txhousing.captureObject(rows, 0), LAYOUT, windows);
    assertThat(windows.all).hasSize(3);
    assertThat(windows.all).extracting(DriftWindow::records).containsExactly(100L, 100L, 50L);
    assertThat(windows.all.get(0).isClosed()).isTrue();
    assertThat(windows.all.get(2).isClosed()).isFalse();
  }

  @Test
  void csvRequestsWithSeveralRowsAndQuotedFields() {
    String body =
        "\"Abilene\",2000,1,72,5380000,701,6.3\r\n\"Big \"\"Spring\"\"\",2001,2,5,1,2,3\n";
    Windows windows = new Windows(0);
    new CaptureReader()
        .fold(lines(line("text/csv", body, "text/csv", "70000\n80000\n")), LAYOUT, windows);
    DriftWindow w = windows.current();
    assertThat(w.records()).isEqualTo(2);
    assertThat(w.predictions()).isEqualTo(2);
    assertThat(w.feature(0).labelCounts())
        .extracting(r -> r.getItem())
        .containsExactlyInAnyOrder("Abilene", "Big \"Spring\"");
    assertThat(w.feature(6).sum()).isCloseTo(9.3, within(1e-9));
  }
}
