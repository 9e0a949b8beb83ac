package dev.mlops.drift.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQS semantics that matter here: in-flight until deleted or until the visibility timeout ends. */
final class TestQueue implements CaptureQueue {

  private static final class Entry {
    final String id;
    final String body;
    int receives;
    boolean inFlight;

    Entry(String id, String body) {
      this.id = id;
      this.body = body;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private int next;
  final List<String> deleted = new ArrayList<>();
  int failDeletes;

  void send(String body) {
    String id = "m" + next++;
    entries.put(id, new Entry(id, body));
  }

  /** The visibility timeout passes: every in-flight message can be received again. */
  void expire() {
    entries.values().forEach(e -> e.inFlight = false);
  }

  int size() {
    return entries.size();
  }

  int receives(int index) {
    return new ArrayList<>(entries.values()).get(index).receives;
  }

  @Override
  public List<QueueMessage> receive() {
    List<QueueMessage> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (!e.inFlight && out.size() < 10) {
        e.inFlight = true;
        e.receives++;
        out.add(new QueueMessage(e.id, e.id, e.body, e.receives));
      }
    }
    return out;
  }

  @Override
  public void delete(List<QueueMessage> messages) {
    if (failDeletes > 0) {
      failDeletes--;
      throw new RuntimeException("SQS down (test)");
    }
    for (QueueMessage m : messages) {
      entries.remove(m.receiptHandle());
      deleted.add(m.id());
    }
  }
}
