package dev.mlops.drift.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import dev.mlops.drift.Txhousing;
import dev.mlops.drift.it.DriftMonitorProcess;
import dev.mlops.drift.it.LocalAwsClients;
import dev.mlops.drift.it.QueueWatcher;
import dev.mlops.drift.it.TxhousingEndpoint;
import dev.mlops.localaws.testkit.LocalAwsProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The delay from drift onset to drift event at 20 requests/s, end to end on one machine: a
 * local-aws with a txhousing endpoint capturing 100 % (capture flushed to S3 every 5 s), the
 * packaged drift monitor (windows of 10 s or 200 records), a client sending the model's own
 * training rows, then, from the onset, rows of 2012-2015. The delay runs from the first drifted
 * request to the drift event's arrival on pipeline-triggers. A plain main, run by
 * scripts/bench-drift.sh.
 *
 * <p>Usage: {@code DriftDelayBenchmark [trials]}
 */
public final class DriftDelayBenchmark {

  static final String ENDPOINT = "bench-drift-prod-v1";
  static final Duration INTERVAL = Duration.ofMillis(50); // 20 req/s

  private DriftDelayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path log = Path.of("target", "bench-drift-monitor.log");
    List<Double> delays = new ArrayList<>();
    try (LocalAwsProcess aws = LocalAwsProcess.startTemporary()) {
      System.err.println(
          "bench-drift: local-aws on " + aws.endpoint() + "; training and deploying");
      TxhousingEndpoint endpoint = TxhousingEndpoint.deploy(aws, ENDPOINT, "v1");
      Map<String, String> config =
          Map.of(
              "mlops.window.length", "10s",
              "mlops.window.max-records", "200",
              "mlops.window.min-records", "100",
              "mlops.drift.cooldown", "5s",
              "quarkus.log.category.\"dev.mlops\".level", "INFO");
      QueueWatcher triggers = QueueWatcher.of(LocalAwsClients.sqs(aws), "pipeline-triggers");
      try (DriftMonitorProcess monitor = DriftMonitorProcess.start(aws, config, log)) {
        Random random = new Random(1);
        List<String> quiet = endpoint.trainingRows();
        List<Integer> late = Txhousing.rowsWhereYear(y -> y >= 2012);
        for (int trial = 1; trial <= trials; trial++) {
          // in distribution until two windows that opened after this point report no drift
          Instant calm = Instant.now();
          long next = System.nanoTime();
          long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
          while (quietWindows(monitor, calm) < 2) {
            next = pace(next);
            endpoint.invoke(quiet.get(random.nextInt(quiet.size())));
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("no quiet windows within 3 min; see " + log);
            }
          }
          triggers.poll();
          int before = events(triggers).size();
          // onset
          long onset = System.nanoTime();
          deadline = onset + Duration.ofMinutes(3).toNanos();
          int polled = 0;
          while (true) {
            next = pace(next);
            endpoint.invoke(Txhousing.featureCsv(late.get(random.nextInt(late.size()))));
            if (++polled % 5 == 0 && events(triggers).size() > before) {
              break;
            }
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("no drift event within 3 min; see " + log);
            }
          }
          double delay = (System.nanoTime() - onset) / 1e9;
          delays.add(delay);
          System.err.printf(
              Locale.ROOT, "bench-drift: trial %d: drift event %.1f s after onset%n", trial, delay);
        }
      }
    }
    List<Double> sorted = new ArrayList<>(delays);
    sorted.sort(null);
    System.out.println(
        "| drift onset to drift event, 20 req/s (windows 10 s / 200 records, capture flushed every"
            + " 5 s) | seconds |");
    System.out.println("|---|---:|");
    for (int i = 0; i < delays.size(); i++) {
      System.out.printf(Locale.ROOT, "| trial %d | %.1f |%n", i + 1, delays.get(i));
    }
    System.out.printf(Locale.ROOT, "| median | %.1f |%n", sorted.get(sorted.size() / 2));
  }

  /** Sleeps until the next send slot (a load generator's pacing, not a test wait). */
  static long pace(long next) throws InterruptedException {
    long now = System.nanoTime();
    if (next > now) {
      Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
    }
    return Math.max(next, now) + INTERVAL.toNanos();
  }

  static int quietWindows(DriftMonitorProcess monitor, Instant after) throws Exception {
    JsonNode windows = Json.mapper().readTree(monitor.get("/drift/windows?endpoint=" + ENDPOINT));
    int n = 0;
    for (JsonNode w : windows) {
      if ("reported".equals(w.path("status").asText())
          && Instant.parse(w.path("opened_at").asText()).isAfter(after)) {
        if (w.path("dataset_drift").asBoolean()) {
          return 0; // the newest reported windows must be the quiet ones
        }
        n++;
      }
    }
    return n;
  }

  static List<JsonNode> events(QueueWatcher triggers) {
    return triggers.poll().stream()
        .filter(n -> "drift".equals(n.path("type").asText()))
        .filter(n -> ENDPOINT.equals(n.path("endpoint").asText()))
        .toList();
  }
}
