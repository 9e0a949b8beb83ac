package dev.mlops.drift;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.capture.CaptureCodec;
import dev.mlops.contract.csv.CsvParser;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.schema.DatasetSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/** The bundled txhousing dataset, for tests: rows by year, feature rows as CSV, capture lines. */
public final class Txhousing {

  private static CsvTable table;
  private static DatasetSchema schema;

  private Txhousing() {}

  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("mlops").toFile().exists()) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root");
    }
    return p;
  }

  public static synchronized CsvTable table() {
    if (table == null) {
      table = CsvTable.read(repoRoot().resolve("data/txhousing/txhousing.csv"));
    }
    return table;
  }

  public static synchronized DatasetSchema schema() {
    if (schema == null) {
      schema = DatasetSchema.read(repoRoot().resolve("data/txhousing/schema.json"));
    }
    return schema;
  }

  /** Row indexes whose year passes the test. */
  public static List<Integer> rowsWhereYear(IntPredicate year) {
    CsvTable t = table();
    int y = t.column("year");
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      if (year.test(Integer.parseInt(t.get(r, y).trim()))) {
        rows.add(r);
      }
    }
    return rows;
  }

  /** The baseline of the rows of these years (what a model trained on them would carry). */
  public static Baseline baseline(IntPredicate year) {
    return Baseline.compute(schema(), table().select(rowsWhereYear(year)));
  }

  /** A row's features as a CSV request line, in schema order. */
  public static String featureCsv(int row) {
    CsvTable t = table();
    List<String> fields = new ArrayList<>();
    for (String name : schema().featureNames()) {
      fields.add(CsvParser.quote(t.get(row, t.column(name))));
    }
    return String.join(",", fields);
  }

  /** The row's target, as the model would (roughly) answer. */
  public static String target(int row) {
    String v = table().get(row, table().column("median"));
    return v.isBlank() || v.equals("NA") ? "150000" : v;
  }

  /** n rows drawn with replacement from these, seeded. */
  public static List<Integer> sample(List<Integer> from, int n, long seed) {
    Random r = new Random(seed);
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(from.get(r.nextInt(from.size())));
    }
    return out;
  }

  /** One capture line of a CSV invocation of this row. */
  public static String captureLine(int row, int seq) {
    return CaptureCodec.line(
        CaptureCodec.record(
            "event-" + seq,
            null,
            Instant.parse("2024-05-01T10:00:00Z").plusMillis(seq),
            "text/csv",
            featureCsv(row).getBytes(StandardCharsets.UTF_8),
            "text/csv; charset=utf-8",
            target(row).getBytes(StandardCharsets.UTF_8)));
  }

  /** A capture object (JSONL) of these rows. */
  public static byte[] captureObject(List<Integer> rows, int firstSeq) {
    StringBuilder b = new StringBuilder();
    int seq = firstSeq;
    for (int row : rows) {
      b.append(captureLine(row, seq++)).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
