package dev.mlops.drift.window;

import dev.mlops.drift.ingest.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one batch of messages changed, committed in one transaction: the objects folded (their
 * idempotency records) and every window they touched, open or just closed.
 */
public final class FoldBatch {

  /**
   * @param windowId the window the object's first record went into
   */
  public record FoldedObject(ObjectRef ref, String windowId, long captures, long records) {}

  private final List<FoldedObject> objects = new ArrayList<>();
  private final Set<DriftWindow> windows = new LinkedHashSet<>();

  public void folded(FoldedObject o) {
    objects.add(o);
  }

  public void touched(DriftWindow w) {
    windows.add(w);
  }

  public List<FoldedObject> objects() {
    return objects;
  }

  public List<DriftWindow> windows() {
    return new ArrayList<>(windows);
  }

  public boolean isEmpty() {
    return objects.isEmpty() && windows.isEmpty();
  }
}
