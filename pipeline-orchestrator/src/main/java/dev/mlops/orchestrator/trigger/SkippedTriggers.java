package dev.mlops.orchestrator.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest triggers that were deliberately not turned into runs, with why, for {@code GET
 * /admin/triggers}. Kept in memory only: the log has them too, and a restart losing this list loses
 * no work (the triggers were not going to run anything).
 */
@ApplicationScoped
public class SkippedTriggers {

  static final int KEPT = 50;

  /** One skipped trigger. */
  public record Skipped(String dataset, String kind, String detail, String reason, Instant at) {}

  private final Deque<Skipped> latest = new ArrayDeque<>();

  public synchronized void add(Skipped s) {
    latest.addFirst(s);
    while (latest.size() > KEPT) {
      latest.removeLast();
    }
  }

  /** Newest first. */
  public synchronized List<Skipped> latest() {
    return List.copyOf(latest);
  }
}
