package dev.mlops.drift.window;

import dev.mlops.drift.alerting.NotificationDecision;
import dev.mlops.drift.alerting.WindowEvaluation;
import dev.mlops.drift.ingest.ObjectRef;
import java.time.Instant;
import java.util.List;

/**
 * Durable windows (PostgreSQL): the open windows' sketches, the idempotency records of folded
 * objects, and closed windows until they are reported.
 */
public interface WindowStore {

  /** Every open window, to resume folding after a restart. */
  List<StoredWindow> openWindows();

  /** A new, unique window sequence number. */
  long nextSeq();

  /** Whether this object version was already folded. */
  boolean isFolded(ObjectRef ref);

  /**
   * Writes a batch in one transaction: the objects' idempotency records and the windows' states.
   *
   * @throws ConcurrentUpdateException when an object was folded or a window written meanwhile
   */
  void commit(FoldBatch batch);

  /** Closed windows not yet fully reported, oldest first. */
  List<StoredWindow> reportable(int limit);

  /**
   * Stores a window's analysis and decides, under the cool-downs, which notifications to send; in
   * one transaction, so two instances cannot both send.
   */
  NotificationDecision recordEvaluation(WindowEvaluation evaluation, Instant now);

  /** The window's notifications went out. */
  void markReported(String windowId);

  /** Forgets idempotency records older than this. */
  int purgeFoldedObjects(Instant before);
}
