package dev.mlops.drift.ingest;

import static dev.mlops.drift.ingest.CaptureFixture.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.drift.MutableClock;
import dev.mlops.drift.Txhousing;
import dev.mlops.drift.capture.ObjectFold;
import dev.mlops.drift.capture.SkipReason;
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

/**
 * Plain JUnit over in-memory stand-ins for SQS, S3 and the store: the exactly-once rules of
 * ingestion (what is deleted when, what is counted once) are domain logic. The same rules run
 * against local-aws and PostgreSQL in the integration tests.
 */
class CaptureIngestionTest {

  static Baseline baseline;
  static List<Integer> early;

  TestStorage storage;
  TestQueue queue;
  InMemoryWindowStore store;
  MutableClock clock;
  List<String> events;

  @BeforeAll
  static void data() {
    baseline = Txhousing.baseline(y -> y <= 2009);
    early = Txhousing.rowsWhereYear(y -> y <= 2009);
  }

  @BeforeEach
  void setUp() {
    storage = new TestStorage();
    queue = new TestQueue();
    store = new InMemoryWindowStore();
    clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    events = new ArrayList<>();
    CaptureFixture.endpoint(storage, "tx-prod-v1", "v1", baseline);
  }

  CaptureIngestion ingestion(long maxRecords) {
    return new CaptureIngestion(
        queue,
        storage,
        new ModelCatalog(
            storage,
            CaptureFixture.ARTIFACTS,
            Duration.ofMinutes(1),
            Duration.ofSeconds(10),
            clock),
        store,
        new CaptureIngestion.WindowPolicy(Duration.ofMinutes(1), maxRecords),
        clock,
        new IngestionListener() {
          @Override
          public void folded(String endpoint, ObjectFold fold) {
            events.add("folded " + endpoint + " " + fold.records());
          }

          @Override
          public void skipped(SkipReason reason, String endpoint) {
            events.add("skipped " + reason.tag());
          }

          @Override
          public void poison(String reason, int receiveCount) {
            events.add("poison " + receiveCount);
          }

          @Override
          public void windowClosed(String endpoint) {
            events.add("closed " + endpoint);
          }

          @Override
          public void retried(String reason) {
            events.add("retried " + reason);
          }
        });
  }

  String put(int n, int rows) {
    return CaptureFixture.capture(storage, "tx-prod-v1", n, Txhousing.sample(early, rows, n));
  }

  @Test
  void anObjectDeliveredTwiceIsCountedOnce() {
    String key = put(1, 30);
    queue.send(CaptureFixture.notification(CAPTURE, key, "etag-1"));
    queue.send(CaptureFixture.snsWrapped(CaptureFixture.notification(CAPTURE, key, "etag-1")));
    CaptureIngestion in = ingestion(0);
    in.drain(Duration.ofSeconds(5));

    assertThat(queue.size()).isZero();
    assertThat(store.records("tx-prod-v1")).isEqualTo(30);
    assertThat(events).contains("folded tx-prod-v1 30", "skipped duplicate_object");

    // and a third delivery after the commit, in a later batch
    queue.send(CaptureFixture.notification(CAPTURE, key, "etag-1"));
    in.drain(Duration.ofSeconds(5));
    assertThat(store.records("tx-prod-v1")).isEqualTo(30);
    assertThat(queue.size()).isZero();
  }

  @Test
  void aResentNotificationWithoutSizeIsTheSameObject() {
    String key = put(1, 12);
    queue.send(CaptureFixture.notification(CAPTURE, key, "etag-1"));
    queue.send(CaptureFixture.notification(CAPTURE, key, "etag-1").replace("\"size\":1,", ""));
    ingestion(0).drain(Duration.ofSeconds(5));
    assertThat(queue.size()).isZero();
    assertThat(store.records("tx-prod-v1")).isEqualTo(12);
    assertThat(events).contains("skipped duplicate_object");
  }

  @Test
  void unknownEndpointsAndForeignKeysAreSkippedAndDeleted() {
    storage.put(CAPTURE, "ghost/AllTraffic/2024/05/01/10/a.jsonl", new byte[] {'{', '}'}, "");
    queue.send(CaptureFixture.notification(CAPTURE, "ghost/AllTraffic/2024/05/01/10/a.jsonl", "e"));
    queue.send(CaptureFixture.notification(CAPTURE, "not/a/capture.jsonl", "e"));
    queue.send("{\"Event\":\"s3:TestEvent\",\"Bucket\":\"mlops-capture\"}");
    ingestion(0).drain(Duration.ofSeconds(5));
    assertThat(queue.size()).isZero();
    assertThat(events).contains("skipped unknown_endpoint", "skipped unexpected_key");
    assertThat(store.states()).isEmpty();
  }

  @Test
  void aPoisonMessageIsNeverDeletedSoTheRedrivePolicyMovesIt() {
    queue.send("definitely not json");
    queue.send("{\"Records\": \"nope\"}");
    CaptureIngestion in = ingestion(0);
    for (int i = 1; i <= 5; i++) {
      in.drain(Duration.ofSeconds(5));
      queue.expire();
    }
    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.receives(0)).isEqualTo(5);
    assertThat(events).filteredOn(e -> e.startsWith("poison")).hasSize(10);
  }

  @Test
  void anObjectNotThereYetIsRetriedNotDropped() {
    queue.send(
        CaptureFixture.notification(
            CAPTURE, "tx-prod-v1/AllTraffic/2024/05/01/10/later.jsonl", "x"));
    CaptureIngestion in = ingestion(0);
    in.drain(Duration.ofSeconds(5));
    assertThat(queue.size()).isEqualTo(1);
    storage.put(
        CAPTURE,
        "tx-prod-v1/AllTraffic/2024/05/01/10/later.jsonl",
        Txhousing.captureObject(early.subList(0, 12), 0),
        "");
    queue.expire();
    in.drain(Duration.ofSeconds(5));
    assertThat(queue.size()).isZero();
    assertThat(store.records("tx-prod-v1")).isEqualTo(12);
  }

  @Test
  void aFailedCommitDeletesNothingAndTheRedeliveryCountsOnce() {
    for (int i = 0; i < 5; i++) {
      queue.send(CaptureFixture.notification(CAPTURE, put(i, 20), "e" + i));
    }
    CaptureIngestion in = ingestion(0);
    store.failCommits = 1;
    in.drain(Duration.ofSeconds(5));
    assertThat(queue.size()).isEqualTo(5);
    assertThat(store.records("tx-prod-v1")).isZero();
    assertThat(events).contains("retried unavailable");

    queue.expire();
    in.drain(Duration.ofSeconds(5));
    assertThat(queue.size()).isZero();
    assertThat(store.records("tx-prod-v1")).isEqualTo(100);
  }

  @Test
  void aCrashBetweenCommitAndDeleteCountsOnce() {
    for (int i = 0; i < 3; i++) {
      queue.send(CaptureFixture.notification(CAPTURE, put(i, 10), "e" + i));
    }
    queue.failDeletes = 1;
    ingestion(0).drain(Duration.ofSeconds(5));
    assertThat(store.records("tx-prod-v1")).isEqualTo(30);
    assertThat(queue.size()).isEqualTo(3);

    // a restarted process: new ingestion, same store, the messages come back
    queue.expire();
    CaptureIngestion restarted = ingestion(0);
    restarted.drain(Duration.ofSeconds(5));
    assertThat(queue.size()).isZero();
    assertThat(store.records("tx-prod-v1")).isEqualTo(30);
  }

  @Test
  void aRestartResumesTheOpenWindow() {
    queue.send(CaptureFixture.notification(CAPTURE, put(1, 40), "a"));
    ingestion(0).drain(Duration.ofSeconds(5));
    queue.send(CaptureFixture.notification(CAPTURE, put(2, 25), "b"));
    ingestion(0).drain(Duration.ofSeconds(5));
    assertThat(store.states())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.records()).isEqualTo(65);
              assertThat(s.captures()).isEqualTo(65);
            });
  }

  @Test
  void windowsCloseByCountAndByTime() {
    queue.send(CaptureFixture.notification(CAPTURE, put(1, 250), "a"));
    CaptureIngestion in = ingestion(100);
    in.drain(Duration.ofSeconds(5));
    List<WindowState> states = store.states();
    assertThat(states).extracting(WindowState::records).containsExactly(100L, 100L, 50L);
    assertThat(store.status(states.get(0).id())).isEqualTo(WindowStatus.CLOSED);
    assertThat(store.status(states.get(2).id())).isEqualTo(WindowStatus.OPEN);

    clock.advance(Duration.ofSeconds(59));
    assertThat(in.closeDue()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(in.closeDue()).hasSize(1);
    assertThat(store.status(states.get(2).id())).isEqualTo(WindowStatus.CLOSED);
    assertThat(events).filteredOn(e -> e.startsWith("closed")).hasSize(3);

    // the next record opens a new window
    queue.send(CaptureFixture.notification(CAPTURE, put(2, 5), "b"));
    in.drain(Duration.ofSeconds(5));
    assertThat(store.states()).hasSize(4);
    assertThat(store.records("tx-prod-v1")).isEqualTo(255);
  }

  @Test
  void aDueWindowIsClosedBeforeNewTrafficGoesIn() {
    queue.send(CaptureFixture.notification(CAPTURE, put(1, 10), "a"));
    CaptureIngestion in = ingestion(0);
    in.drain(Duration.ofSeconds(5));
    clock.advance(Duration.ofMinutes(2));
    queue.send(CaptureFixture.notification(CAPTURE, put(2, 7), "b"));
    in.drain(Duration.ofSeconds(5));
    assertThat(store.states()).extracting(WindowState::records).containsExactly(10L, 7L);
  }
}
