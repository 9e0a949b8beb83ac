package dev.mlops.drift.bench;

import dev.mlops.contract.capture.CaptureCodec;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.ProblemType;
import dev.mlops.drift.capture.CaptureReader;
import dev.mlops.drift.capture.SchemaLayout;
import dev.mlops.drift.capture.WindowCursor;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.ModelRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Records folded per second on one thread, from JSONL bytes as S3 returns them: SageMaker capture
 * lines of a 10-feature model (8 numeric, 2 categorical) with a numeric prediction, CSV and JSON
 * requests, into windows of 10,000 records (so window roll-over is part of the cost). A plain main,
 * run by scripts/bench-drift.sh, pinned to one core there.
 *
 * <p>Usage: {@code FoldBenchmark [records-per-object] [seconds-per-measurement]}
 */
public final class FoldBenchmark {

  private FoldBenchmark() {}

  static final DatasetSchema SCHEMA =
      new DatasetSchema(
          "bench",
          ProblemType.REGRESSION,
          "target",
          null,
          null,
          null,
          List.of(
              Feature.categorical("region"),
              Feature.numeric("age"),
              Feature.numeric("income"),
              Feature.numeric("balance"),
              Feature.categorical("segment"),
              Feature.numeric("tenure"),
              Feature.numeric("score"),
              Feature.numeric("visits"),
              Feature.numeric("ratio"),
              Feature.numeric("amount")),
          null);

  static final String[] REGIONS = {"north", "south", "east", "west", "center", "islands"};
  static final String[] SEGMENTS = {"retail", "premium", "business", "student"};

  static String csvRow(Random r) {
    return String.format(
        Locale.ROOT,
        "%s,%d,%.2f,%.2f,%s,%d,%.4f,%d,%.6f,%.2f",
        REGIONS[r.nextInt(REGIONS.length)],
        18 + r.nextInt(70),
        20000 + r.nextGaussian() * 15000,
        r.nextGaussian() * 5000,
        SEGMENTS[r.nextInt(SEGMENTS.length)],
        r.nextInt(240),
        r.nextDouble(),
        r.nextInt(100),
        r.nextDouble() * 3,
        Math.abs(r.nextGaussian() * 300));
  }

  static String jsonRow(Random r) {
    String[] f = csvRow(r).split(",");
    StringBuilder b = new StringBuilder("{\"instances\": [{");
    for (int i = 0; i < f.length; i++) {
      String name = SCHEMA.features().get(i).name();
      boolean numeric = SCHEMA.features().get(i).isNumeric();
      b.append(i == 0 ? "" : ", ").append('"').append(name).append("\": ");
      b.append(numeric ? f[i] : "\"" + f[i] + "\"");
    }
    return b.append("}]}").toString();
  }

  static byte[] object(int records, boolean json, long seed) {
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Instant t = Instant.parse("2024-05-01T10:00:00Z");
    for (int i = 0; i < records; i++) {
      String input = json ? jsonRow(r) : csvRow(r);
      String prediction = String.format(Locale.ROOT, "%.4f", 100 + r.nextGaussian() * 20);
      byte[] line =
          CaptureCodec.line(
                  CaptureCodec.record(
                      "e" + i,
                      null,
                      t.plusMillis(i),
                      json ? "application/json" : "text/csv",
                      input.getBytes(StandardCharsets.UTF_8),
                      json ? "application/json" : "text/csv; charset=utf-8",
                      (json ? "{\"predictions\": [" + prediction + "]}" : prediction)
                          .getBytes(StandardCharsets.UTF_8)))
              .getBytes(StandardCharsets.UTF_8);
      out.write(line, 0, line.length);
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Folds into windows of maxRecords, opening a fresh one when full. */
  static final class Windows implements WindowCursor {
    final SchemaLayout layout;
    final long maxRecords;
    DriftWindow window;
    long seq;

    Windows(SchemaLayout layout, long maxRecords) {
      this.layout = layout;
      this.maxRecords = maxRecords;
      open();
    }

    void open() {
      window =
          DriftWindow.open(
              "w" + seq,
              seq++,
              new ModelRef("bench", "v1", "bench", "s", "b"),
              layout,
              Instant.EPOCH);
    }

    @Override
    public DriftWindow current() {
      return window;
    }

    @Override
    public void afterRecord() {
      if (window.isFull(maxRecords)) {
        window.close(Instant.EPOCH);
        open();
      }
    }
  }

  record Result(
      String name, double recordsPerSecond, double megabytesPerSecond, int bytesPerRecord) {}

  static Result measure(String name, byte[] object, int records, double seconds) {
    SchemaLayout layout = new SchemaLayout(SCHEMA);
    CaptureReader reader = new CaptureReader();
    Windows windows = new Windows(layout, 10_000);
    // warm-up: let the JIT compile the fold path
    long warmEnd = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      reader.fold(object, layout, windows);
    }
    List<Double> rates = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      long folded = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9 / 5);
      while (System.nanoTime() < end) {
        folded += reader.fold(object, layout, windows).records();
      }
      rates.add(folded / ((System.nanoTime() - start) / 1e9));
    }
    rates.sort(null);
    double median = rates.get(rates.size() / 2);
    int perRecord = object.length / records;
    return new Result(name, median, median * perRecord / 1e6, perRecord);
  }

  public static void main(String[] args) {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    List<Result> results = new ArrayList<>();
    boolean csvOnly = args.length > 2 && args[2].equals("csv");
    results.add(measure("CSV requests", object(records, false, 1), records, seconds));
    if (!csvOnly) {
      results.add(measure("JSON requests", object(records, true, 2), records, seconds));
    }
    System.out.println(
        "| capture records (10 features + prediction) | records/s, one thread | MB/s | bytes/record |");
    System.out.println("|---|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.1f | %d |%n",
          r.name(),
          r.recordsPerSecond(),
          r.megabytesPerSecond(),
          r.bytesPerRecord());
    }
  }
}
