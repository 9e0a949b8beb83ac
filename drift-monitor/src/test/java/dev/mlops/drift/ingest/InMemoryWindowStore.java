package dev.mlops.drift.ingest;

import dev.mlops.contract.json.Json;
import dev.mlops.drift.StorageUnavailableException;
import dev.mlops.drift.alerting.NotificationDecision;
import dev.mlops.drift.alerting.WindowEvaluation;
import dev.mlops.drift.window.ConcurrentUpdateException;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.FoldBatch;
import dev.mlops.drift.window.StoredWindow;
import dev.mlops.drift.window.WindowState;
import dev.mlops.drift.window.WindowStatus;
import dev.mlops.drift.window.WindowStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's contract in memory for the domain's unit tests: all-or-nothing commits, revision
 * checks, one open window per key, idempotency records. States go through their JSON form, as they
 * do in PostgreSQL. (The PostgreSQL store itself is tested against a real database.)
 */
public final class InMemoryWindowStore implements WindowStore {

  static final class Row {
    String state;
    long revision;
    WindowStatus status;
    boolean alertPending;
    boolean eventPending;
    String report;
    long seq;
  }

  final Map<String, Row> windows = new LinkedHashMap<>();
  final Map<ObjectRef, String> folded = new HashMap<>();
  final Map<String, Instant> cooldowns = new HashMap<>();
  long seq;
  int failCommits;

  @Override
  public synchronized List<StoredWindow> openWindows() {
    List<StoredWindow> out = new ArrayList<>();
    for (Row r : windows.values()) {
      if (r.status == WindowStatus.OPEN) {
        out.add(stored(r));
      }
    }
    return out;
  }

  private static StoredWindow stored(Row r) {
    return new StoredWindow(
        WindowState.parse(r.state), r.revision, r.status, r.alertPending, r.eventPending, r.report);
  }

  @Override
  public synchronized long nextSeq() {
    return ++seq;
  }

  @Override
  public synchronized boolean isFolded(ObjectRef ref) {
    return folded.containsKey(ref);
  }

  @Override
  public synchronized void commit(FoldBatch batch) {
    if (failCommits > 0) {
      failCommits--;
      throw new StorageUnavailableException("database down (test)", null);
    }
    // statements apply in order, as in one SQL transaction
    Map<String, Row> staged = new LinkedHashMap<>(windows);
    for (FoldBatch.FoldedObject o : batch.objects()) {
      if (folded.containsKey(o.ref())) {
        throw new ConcurrentUpdateException("object folded meanwhile");
      }
    }
    for (DriftWindow w : batch.windows()) {
      Row existing = staged.get(w.id());
      if (w.revision() == 0
          ? existing != null
          : existing == null
              || existing.revision != w.revision()
              || existing.status != WindowStatus.OPEN) {
        throw new ConcurrentUpdateException("window changed meanwhile");
      }
      if (!w.isClosed()) {
        for (Row r : staged.values()) {
          WindowState s = WindowState.parse(r.state);
          if (r.status == WindowStatus.OPEN
              && !s.id().equals(w.id())
              && s.endpoint().equals(w.model().endpoint())
              && s.modelVersion().equals(w.model().modelVersion())) {
            throw new ConcurrentUpdateException("another open window");
          }
        }
      }
      Row r = new Row();
      r.state = w.toState().toJson();
      r.revision = w.revision() + 1;
      r.status = w.isClosed() ? WindowStatus.CLOSED : WindowStatus.OPEN;
      r.seq = w.seq();
      staged.put(w.id(), r);
    }
    windows.clear();
    windows.putAll(staged);
    for (FoldBatch.FoldedObject o : batch.objects()) {
      folded.put(o.ref(), o.windowId());
    }
  }

  @Override
  public synchronized List<StoredWindow> reportable(int limit) {
    return windows.values().stream()
        .filter(r -> r.status == WindowStatus.CLOSED || r.status == WindowStatus.EVALUATED)
        .sorted(Comparator.comparingLong(r -> r.seq))
        .limit(limit)
        .map(InMemoryWindowStore::stored)
        .toList();
  }

  @Override
  public synchronized NotificationDecision recordEvaluation(WindowEvaluation e, Instant now) {
    Row r = windows.get(e.report().windowId());
    if (r.status != WindowStatus.CLOSED) {
      return new NotificationDecision(r.alertPending, r.eventPending, false);
    }
    NotificationDecision d = NotificationDecision.NONE;
    if (e.alertKind() != null) {
      String key = e.report().endpoint() + "|" + e.report().modelVersion() + "|" + e.alertKind();
      d = NotificationDecision.decide(e, cooldowns.get(key), now);
      if (d.sendAlert()) {
        cooldowns.put(key, now);
      }
    }
    r.status = WindowStatus.EVALUATED;
    r.report = Json.string(e.report());
    r.alertPending = d.sendAlert();
    r.eventPending = d.sendEvent();
    return d;
  }

  @Override
  public synchronized void markReported(String windowId) {
    Row r = windows.get(windowId);
    r.status = WindowStatus.REPORTED;
    r.alertPending = false;
    r.eventPending = false;
  }

  @Override
  public synchronized int purgeFoldedObjects(Instant before) {
    return 0;
  }

  /** Records over every stored window of an endpoint. */
  public synchronized long records(String endpoint) {
    long n = 0;
    for (Row r : windows.values()) {
      WindowState s = WindowState.parse(r.state);
      if (s.endpoint().equals(endpoint)) {
        n += s.records();
      }
    }
    return n;
  }

  public synchronized List<WindowState> states() {
    return windows.values().stream().map(r -> WindowState.parse(r.state)).toList();
  }

  public synchronized WindowStatus status(String id) {
    return windows.get(id).status;
  }
}
