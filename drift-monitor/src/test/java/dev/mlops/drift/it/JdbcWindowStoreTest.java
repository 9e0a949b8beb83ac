package dev.mlops.drift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.drift.Txhousing;
import dev.mlops.drift.adapter.jdbc.JdbcWindowStore;
import dev.mlops.drift.capture.SchemaLayout;
import dev.mlops.drift.ingest.ObjectRef;
import dev.mlops.drift.window.ConcurrentUpdateException;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.FoldBatch;
import dev.mlops.drift.window.ModelRef;
import dev.mlops.drift.window.WindowSummary;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store's guarantees against the real database: an object's idempotency record and
 * the window state it produced commit together or not at all; stale writers and a second open
 * window for one endpoint and model version are refused.
 */
@QuarkusTest
@WithTestResource(
    value = LocalAwsTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "drift"))
class JdbcWindowStoreTest {

  @Inject JdbcWindowStore store;

  static DriftWindow window(JdbcWindowStore store, String endpoint) {
    long seq = store.nextSeq();
    return DriftWindow.open(
        "jdbc-" + seq,
        seq,
        new ModelRef(endpoint, "v1", "txhousing", "s3://b/s", "s3://b/base/"),
        new SchemaLayout(Txhousing.schema()),
        Instant.now());
  }

  @Test
  void anObjectIsFoldedOnceAndAFailedCommitLeavesNothing() {
    String endpoint = "jdbc-" + UUID.randomUUID();
    ObjectRef ref = new ObjectRef("mlops-capture", endpoint + "/a.jsonl", "etag", 10);
    DriftWindow w = window(store, endpoint);
    w.countCapture();
    w.countRecords(1);
    FoldBatch first = new FoldBatch();
    first.folded(new FoldBatch.FoldedObject(ref, w.id(), 1, 1));
    first.touched(w);
    store.commit(first);
    w.stored(w.revision() + 1);
    assertThat(store.isFolded(ref)).isTrue();

    // the same object again, with more records in the window: refused whole
    w.countCapture();
    w.countRecords(1);
    FoldBatch again = new FoldBatch();
    again.folded(new FoldBatch.FoldedObject(ref, w.id(), 1, 1));
    again.touched(w);
    assertThatThrownBy(() -> store.commit(again)).isInstanceOf(ConcurrentUpdateException.class);
    WindowSummary stored = store.find(w.id()).orElseThrow();
    assertThat(stored.records()).isEqualTo(1);
    assertThat(stored.status()).isEqualTo("open");
  }

  @Test
  void staleRevisionsAndSecondOpenWindowsAreRefused() {
    String endpoint = "jdbc-" + UUID.randomUUID();
    DriftWindow w = window(store, endpoint);
    FoldBatch b = new FoldBatch();
    b.touched(w);
    store.commit(b);
    w.stored(1);

    DriftWindow stale = DriftWindow.restore(w.toState(), 1);
    w.countRecords(5);
    w.countCapture();
    store.commit(batchOf(w));
    w.stored(2);
    stale.countCapture();
    assertThatThrownBy(() -> store.commit(batchOf(stale)))
        .isInstanceOf(ConcurrentUpdateException.class);

    DriftWindow second = window(store, endpoint);
    assertThatThrownBy(() -> store.commit(batchOf(second)))
        .isInstanceOf(ConcurrentUpdateException.class);

    // once the first is closed, the next may open (in one transaction, in that order)
    w.close(Instant.now());
    FoldBatch rollover = new FoldBatch();
    rollover.touched(w);
    rollover.touched(second);
    store.commit(rollover);
    assertThat(store.find(w.id()).orElseThrow().status()).isIn("closed", "evaluated", "reported");
    assertThat(store.find(second.id()).orElseThrow().status()).isEqualTo("open");
  }

  static FoldBatch batchOf(DriftWindow w) {
    FoldBatch b = new FoldBatch();
    b.touched(w);
    return b;
  }
}
