package dev.mlops.drift.ingest;

import dev.mlops.drift.ObjectStorage;
import dev.mlops.drift.StorageUnavailableException;
import dev.mlops.drift.capture.CaptureReader;
import dev.mlops.drift.capture.ObjectFold;
import dev.mlops.drift.capture.SkipReason;
import dev.mlops.drift.capture.WindowCursor;
import dev.mlops.drift.catalog.ModelCatalog;
import dev.mlops.drift.catalog.ServedModel;
import dev.mlops.drift.window.ConcurrentUpdateException;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.FoldBatch;
import dev.mlops.drift.window.StoredWindow;
import dev.mlops.drift.window.WindowKey;
import dev.mlops.drift.window.WindowStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns capture-events messages into folded windows, at least once and counted once: a batch of
 * messages is folded in memory, then its objects' idempotency records and every window it touched
 * are committed in one transaction, and only then are its messages deleted. A crash anywhere before
 * the commit loses nothing (the messages come back and nothing of them was stored); after it,
 * redelivered objects are recognised by bucket, key and eTag. Not thread safe: one worker owns it.
 */
public final class CaptureIngestion {

  private static final Logger LOG = Logger.getLogger(CaptureIngestion.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** When windows close. */
  public record WindowPolicy(Duration length, long maxRecords) {}

  private final CaptureQueue queue;
  private final ObjectStorage storage;
  private final ModelCatalog catalog;
  private final WindowStore store;
  private final WindowPolicy policy;
  private final Clock clock;
  private final IngestionListener listener;
  private final CaptureReader reader = new CaptureReader();
  private final Map<WindowKey, DriftWindow> open = new HashMap<>();
  private boolean loaded;

  public CaptureIngestion(
      CaptureQueue queue,
      ObjectStorage storage,
      ModelCatalog catalog,
      WindowStore store,
      WindowPolicy policy,
      Clock clock,
      IngestionListener listener) {
    this.queue = queue;
    this.storage = storage;
    this.catalog = catalog;
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * Receives and folds batches until the queue is empty or the budget is spent.
   *
   * @return messages received
   */
  public int drain(Duration budget) {
    Instant deadline = clock.instant().plus(budget);
    int total = 0;
    while (true) {
      int n = pollOnce();
      total += n;
      if (n == 0 || !clock.instant().isBefore(deadline)) {
        return total;
      }
    }
  }

  /**
   * One receive, fold, commit, delete cycle.
   *
   * @return messages received
   */
  public int pollOnce() {
    ensureLoaded();
    List<QueueMessage> messages = queue.receive();
    if (messages.isEmpty()) {
      return 0;
    }
    Batch batch = new Batch();
    List<QueueMessage> done = new ArrayList<>();
    try {
      for (QueueMessage m : messages) {
        if (handle(m, batch)) {
          done.add(m);
        }
      }
      if (!batch.fold.isEmpty()) {
        store.commit(batch.fold);
        for (DriftWindow w : batch.fold.windows()) {
          w.stored(w.revision() + 1);
          if (w.isClosed()) {
            open.remove(w.key(), w);
          }
        }
      }
    } catch (ConcurrentUpdateException | StorageUnavailableException e) {
      // our in-memory windows may be ahead of the database: forget them; redelivery redoes the work
      LOG.warnf(
          "batch of %d messages not committed, will be redelivered: %s",
          messages.size(), e.getMessage());
      listener.retried(e instanceof ConcurrentUpdateException ? "conflict" : "unavailable");
      forget();
      return messages.size();
    } catch (RuntimeException e) {
      LOG.errorf(e, "batch of %d messages failed, will be redelivered", messages.size());
      listener.retried("error");
      forget();
      return messages.size();
    }
    if (!done.isEmpty()) {
      try {
        queue.delete(done);
      } catch (RuntimeException e) {
        // committed already: a redelivery is recognised as a duplicate
        LOG.warnf(
            "could not delete %d messages (they will come back as duplicates): %s",
            done.size(), e.getMessage());
      }
    }
    batch.report(listener);
    return messages.size();
  }

  /** Closes windows whose time is up and commits them. */
  public List<DriftWindow> closeDue() {
    ensureLoaded();
    Instant now = clock.instant();
    FoldBatch batch = new FoldBatch();
    List<DriftWindow> due = new ArrayList<>();
    for (DriftWindow w : open.values()) {
      if (w.isDue(now, policy.length())) {
        w.close(now);
        batch.touched(w);
        due.add(w);
      }
    }
    if (due.isEmpty()) {
      return due;
    }
    try {
      store.commit(batch);
    } catch (RuntimeException e) {
      LOG.warnf("could not close %d windows now: %s", due.size(), e.getMessage());
      forget();
      return List.of();
    }
    for (DriftWindow w : due) {
      w.stored(w.revision() + 1);
      open.remove(w.key(), w);
      listener.windowClosed(w.model().endpoint());
    }
    return due;
  }

  /** The open windows as folded so far (committed or not), for diagnostics and tests. */
  public List<DriftWindow> openWindows() {
    return new ArrayList<>(open.values());
  }

  private void ensureLoaded() {
    if (loaded) {
      return;
    }
    open.clear();
    for (StoredWindow s : store.openWindows()) {
      DriftWindow w = DriftWindow.restore(s.state(), s.revision());
      open.put(w.key(), w);
    }
    loaded = true;
  }

  private void forget() {
    open.clear();
    loaded = false;
  }

  /** Folds a message's objects; true when the message is finished with (delete it). */
  private boolean handle(QueueMessage m, Batch batch) {
    CaptureNotification n;
    try {
      n = CaptureNotification.parse(m.body());
    } catch (MalformedMessageException e) {
      // not deleted: after the queue's maxReceiveCount the redrive policy moves it to the DLQ
      LOG.warnf(
          "message %s (receive %d): %s; left for the dead-letter queue",
          m.id(), m.receiveCount(), e.getMessage());
      batch.poison.add(new String[] {e.getMessage(), Integer.toString(m.receiveCount())});
      return false;
    }
    for (ObjectRef ref : n.objects()) {
      if (!batch.seen.add(ref) || store.isFolded(ref)) {
        batch.skip(SkipReason.DUPLICATE_OBJECT, null);
        continue;
      }
      Optional<String> endpoint = CaptureKey.endpoint(ref.key());
      if (endpoint.isEmpty()) {
        LOG.warnf("s3://%s/%s is not a data capture key; skipped", ref.bucket(), ref.key());
        batch.skip(SkipReason.UNEXPECTED_KEY, null);
        continue;
      }
      Optional<ServedModel> model;
      Optional<byte[]> bytes;
      try {
        model = catalog.model(endpoint.get());
        if (model.isEmpty()) {
          LOG.warnf(
              "endpoint %s has no manifest: s3://%s/%s skipped",
              endpoint.get(), ref.bucket(), ref.key());
          batch.skip(SkipReason.UNKNOWN_ENDPOINT, endpoint.get());
          continue;
        }
        bytes = storage.get(ref.bucket(), ref.key());
      } catch (StorageUnavailableException e) {
        LOG.warnf("s3://%s/%s not readable now: %s", ref.bucket(), ref.key(), e.getMessage());
        return false;
      }
      if (bytes.isEmpty()) {
        LOG.warnf(
            "s3://%s/%s does not exist (yet); the message will come back", ref.bucket(), ref.key());
        return false;
      }
      Cursor cursor = new Cursor(model.get(), batch);
      ObjectFold fold = reader.fold(bytes.get(), model.get().layout(), cursor);
      cursor.finish();
      batch.fold.folded(
          new FoldBatch.FoldedObject(ref, cursor.firstWindowId(), fold.captures(), fold.records()));
      batch.folds.add(Map.entry(endpoint.get(), fold));
    }
    return true;
  }

  private DriftWindow openWindow(ServedModel model, Instant now) {
    long seq = store.nextSeq();
    String id =
        ID_TIME.format(now)
            + "-"
            + model.ref().modelVersion().replaceAll("[^A-Za-z0-9._-]", "_")
            + "-"
            + seq;
    return DriftWindow.open(id, seq, model.ref(), model.layout(), now);
  }

  /**
   * The open window of one endpoint and model version, rolled over by count and by time. A new
   * window opens only when a record arrives for it, so no empty window is ever stored.
   */
  private final class Cursor implements WindowCursor {
    private final ServedModel model;
    private final Batch batch;
    private DriftWindow window;
    private String firstWindowId;

    Cursor(ServedModel model, Batch batch) {
      this.model = model;
      this.batch = batch;
      DriftWindow w = open.get(model.ref().key());
      Instant now = clock.instant();
      if (w != null && (w.isDue(now, policy.length()) || !w.fits(model.layout()))) {
        closeAndForget(w, now);
        w = null;
      }
      window = w;
    }

    @Override
    public DriftWindow current() {
      if (window == null) {
        window = openWindow(model, clock.instant());
        open.put(model.ref().key(), window);
      }
      if (firstWindowId == null) {
        firstWindowId = window.id();
      }
      return window;
    }

    @Override
    public void afterRecord() {
      if (window != null && window.isFull(policy.maxRecords())) {
        closeAndForget(window, clock.instant());
        window = null;
      }
    }

    /** The window the object's first record went into ("" for an object without records). */
    String firstWindowId() {
      return firstWindowId == null ? "" : firstWindowId;
    }

    void finish() {
      if (window != null) {
        batch.fold.touched(window);
      }
    }

    private void closeAndForget(DriftWindow w, Instant now) {
      w.close(now);
      batch.fold.touched(w);
      batch.closed.add(w.model().endpoint());
      open.remove(w.key(), w);
    }
  }

  /** One receive's work, reported to the listener only once committed. */
  private static final class Batch {
    final FoldBatch fold = new FoldBatch();
    final Set<ObjectRef> seen = new HashSet<>();
    final List<Map.Entry<String, ObjectFold>> folds = new ArrayList<>();
    final List<Map.Entry<SkipReason, String>> skipped = new ArrayList<>();
    final List<String[]> poison = new ArrayList<>();
    final List<String> closed = new ArrayList<>();

    void skip(SkipReason reason, String endpoint) {
      skipped.add(new java.util.AbstractMap.SimpleEntry<>(reason, endpoint));
    }

    void report(IngestionListener l) {
      folds.forEach(e -> l.folded(e.getKey(), e.getValue()));
      skipped.forEach(e -> l.skipped(e.getKey(), e.getValue()));
      poison.forEach(p -> l.poison(p[0], Integer.parseInt(p[1])));
      closed.forEach(l::windowClosed);
    }
  }
}
