package dev.mlops.drift.ingest;

import static dev.mlops.drift.ingest.CaptureFixture.ARTIFACTS;
import static dev.mlops.drift.ingest.CaptureFixture.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.events.DriftEvent;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.monitor.ConstraintViolations;
import dev.mlops.contract.monitor.Statistics;
import dev.mlops.drift.MutableClock;
import dev.mlops.drift.Txhousing;
import dev.mlops.drift.alerting.DriftNotifier;
import dev.mlops.drift.alerting.WindowReporter;
import dev.mlops.drift.analysis.DriftSettings;
import dev.mlops.drift.analysis.WindowReport;
import dev.mlops.drift.catalog.ModelCatalog;
import dev.mlops.drift.window.WindowState;
import dev.mlops.drift.window.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plain JUnit: from closed windows to S3 files, alerts and drift events, under the cool-down. */
class WindowReporterTest {

  static Baseline baseline;
  static List<Integer> early;
  static List<Integer> late;

  TestStorage storage;
  TestQueue queue;
  InMemoryWindowStore store;
  MutableClock clock;
  List<String> alerts;
  List<DriftEvent> driftEvents;
  List<WindowReport> evaluated;
  CaptureIngestion ingestion;
  WindowReporter reporter;

  @BeforeAll
  static void data() {
    baseline = Txhousing.baseline(y -> y <= 2009);
    early = Txhousing.rowsWhereYear(y -> y <= 2009);
    late = Txhousing.rowsWhereYear(y -> y >= 2012);
  }

  @BeforeEach
  void setUp() {
    storage = new TestStorage();
    queue = new TestQueue();
    store = new InMemoryWindowStore();
    clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    alerts = new ArrayList<>();
    driftEvents = new ArrayList<>();
    evaluated = new ArrayList<>();
    CaptureFixture.endpoint(storage, "tx-prod-v1", "v1", baseline);
    ModelCatalog catalog =
        new ModelCatalog(storage, ARTIFACTS, Duration.ofMinutes(1), Duration.ofSeconds(1), clock);
    ingestion =
        new CaptureIngestion(
            queue,
            storage,
            catalog,
            store,
            new CaptureIngestion.WindowPolicy(Duration.ofMinutes(1), 300),
            clock,
            IngestionListener.NONE);
    reporter =
        new WindowReporter(
            store,
            catalog,
            storage,
            new DriftNotifier() {
              @Override
              public void alert(String subject, String message) {
                alerts.add(subject + "\n" + message);
              }

              @Override
              public void driftEvent(DriftEvent event) {
                driftEvents.add(event);
              }
            },
            DriftSettings.defaults(),
            Duration.ofMinutes(30),
            ARTIFACTS,
            "monitoring/",
            clock,
            evaluated::add);
  }

  void traffic(int n, List<Integer> from, int rows) {
    String key = CaptureFixture.capture(storage, "tx-prod-v1", n, Txhousing.sample(from, rows, n));
    queue.send(CaptureFixture.notification(CAPTURE, key, "e" + n));
    ingestion.drain(Duration.ofSeconds(5));
  }

  @Test
  void inDistributionWindowsAreReportedQuietly() {
    traffic(1, early, 600);
    assertThat(reporter.reportPending()).isEqualTo(2);
    assertThat(alerts).isEmpty();
    assertThat(driftEvents).isEmpty();
    assertThat(evaluated).hasSize(2).allSatisfy(r -> assertThat(r.violations()).isEmpty());
    WindowState first = store.states().get(0);
    String base = ARTIFACTS + "/monitoring/tx-prod-v1/" + first.id() + "/";
    Statistics stats = Json.read(storage.objects.get(base + "statistics.json"), Statistics.class);
    assertThat(stats.dataset().itemCount()).isEqualTo(300);
    ConstraintViolations v =
        Json.read(
            storage.objects.get(base + "constraint_violations.json"), ConstraintViolations.class);
    assertThat(v.violations()).isEmpty();
    assertThat(store.status(first.id())).isEqualTo(WindowStatus.REPORTED);
  }

  @Test
  void lastingDriftSendsOneAlertAndOneEventPerCooldown() {
    traffic(1, early, 300);
    traffic(2, late, 900);
    reporter.reportPending();
    assertThat(evaluated).hasSize(4);
    assertThat(evaluated.subList(1, 4)).allSatisfy(r -> assertThat(r.datasetDrift()).isTrue());
    assertThat(driftEvents)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.endpoint()).isEqualTo("tx-prod-v1");
              assertThat(e.modelVersion()).isEqualTo("v1");
              assertThat(e.dataset()).isEqualTo("txhousing");
              assertThat(e.features()).extracting(DriftEvent.DriftedFeature::name).contains("year");
              assertThat(e.violationsUri())
                  .startsWith("s3://mlops-artifacts/monitoring/tx-prod-v1/")
                  .endsWith("/constraint_violations.json");
            });
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a).startsWith("Drift detected on tx-prod-v1 (v1)");
              assertThat(a).contains("\"event\" : \"drift_detected\"").contains("\"year\"");
            });

    // after the cool-down the next drifted window notifies again
    clock.advance(Duration.ofMinutes(31));
    traffic(3, late, 300);
    reporter.reportPending();
    assertThat(driftEvents).hasSize(2);
    assertThat(alerts).hasSize(2);
  }
}
