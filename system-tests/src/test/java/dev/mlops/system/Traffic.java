package dev.mlops.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.schema.DatasetSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client traffic through the gateway's public API at a steady rate, one txhousing row per request,
 * counting what came back: status codes, and which model version and variant answered.
 */
public final class Traffic implements AutoCloseable {

  private static final List<String> FEATURES =
      List.of("city", "year", "month", "sales", "volume", "listings", "inventory");

  private final String url;
  private final List<String> bodies;
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> byModel = new ConcurrentHashMap<>();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

  private Traffic(String gatewayUrl, List<String> bodies, int perSecond) {
    this.url = gatewayUrl + "/v1/predict";
    this.bodies = bodies;
    long periodMicros = 1_000_000L / perSecond;
    pacer.scheduleAtFixedRate(this::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
  }

  /**
   * Rows of txhousing whose year lies in [fromYear, toYear], gaps sent as null (dropping rows with
   * gaps would skew the traffic towards later years, which have fewer, and look like drift), in a
   * fixed random order: the file is sorted by city, and a drift window of consecutive rows would
   * hold two or three cities, which is drift too. Rows without a target are left out, as training
   * left them out of the baseline: they are the sparse months of small cities, and sent as normal
   * traffic they shift listings and inventory against the baseline enough to make chance drift
   * likelier.
   */
  public static List<String> rows(int fromYear, int toYear) {
    CsvTable table =
        CsvTable.read(SystemStack.repoRoot().resolve(Path.of("data/txhousing/txhousing.csv")));
    List<String> bodies = new ArrayList<>();
    int yearColumn = table.column("year");
    int targetColumn = table.column("median");
    for (int r = 0; r < table.size(); r++) {
      int year = Integer.parseInt(table.get(r, yearColumn));
      if (year < fromYear || year > toYear || missing(table.get(r, targetColumn))) {
        continue;
      }
      StringBuilder json = new StringBuilder("{\"instances\":[{");
      for (int f = 0; f < FEATURES.size(); f++) {
        String v = table.get(r, table.column(FEATURES.get(f)));
        json.append(f == 0 ? "" : ",").append('"').append(FEATURES.get(f)).append("\":");
        if (missing(v)) {
          json.append("null");
        } else {
          json.append(f == 0 ? "\"" + v + "\"" : v);
        }
      }
      bodies.add(json.append("}]}").toString());
    }
    java.util.Collections.shuffle(bodies, new java.util.Random(7));
    return bodies;
  }

  /** Missing as training reads it (txhousing's schema keeps the default missing values). */
  private static boolean missing(String value) {
    return value == null || DatasetSchema.DEFAULT_MISSING_VALUES.contains(value.trim());
  }

  public static Traffic start(String gatewayUrl, List<String> bodies, int perSecond) {
    return new Traffic(gatewayUrl, bodies, perSecond);
  }

  private void sendOne() {
    String body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
    sent.incrementAndGet();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    Http.CLIENT
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (r, error) -> {
              if (error != null) {
                count(-1, null);
                failures.add("no answer: " + error);
                return;
              }
              String model = null;
              if (r.statusCode() == 200) {
                ok.incrementAndGet();
                try {
                  JsonNode m = Http.JSON.readTree(r.body()).path("model");
                  model = m.path("version").asText() + "/" + m.path("variant").asText();
                } catch (Exception e) {
                  model = "unreadable";
                }
              } else if (failures.size() < 50) {
                failures.add(r.statusCode() + ": " + r.body());
              }
              count(r.statusCode(), model);
            });
  }

  private void count(int status, String model) {
    byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    if (model != null) {
      byModel.computeIfAbsent(model, m -> new AtomicLong()).incrementAndGet();
    }
  }

  /** A snapshot of what came back so far. */
  public record Tally(
      long answered, long ok, Map<Integer, Long> byStatus, Map<String, Long> byModel) {
    public double failedShare() {
      return answered == 0 ? 0 : (double) (answered - ok) / answered;
    }
  }

  public Tally tally() {
    Map<Integer, Long> status = new java.util.TreeMap<>();
    byStatus.forEach((k, v) -> status.put(k, v.get()));
    Map<String, Long> models = new java.util.TreeMap<>();
    byModel.forEach((k, v) -> models.put(k, v.get()));
    long answered = status.values().stream().mapToLong(Long::longValue).sum();
    return new Tally(answered, ok.get(), status, models);
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() {
    pacer.shutdownNow();
  }
}
