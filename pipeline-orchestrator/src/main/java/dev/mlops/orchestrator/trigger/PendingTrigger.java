package dev.mlops.orchestrator.trigger;

import dev.mlops.orchestrator.pipeline.TriggerKind;
import java.time.Duration;
import java.time.Instant;

/**
 * The triggers of one dataset that have not become a run yet. There is at most one per dataset:
 * every trigger that arrives while one is pending is folded into it, which is what debounces a
 * burst of uploads into one run and queues at most one follow-up run behind an active one.
 *
 * @param dataset the dataset
 * @param datasetUri S3 URI of its data
 * @param kind the kind of the first trigger (the run's trigger)
 * @param events how many triggers were folded in
 * @param firstAt the first trigger
 * @param lastAt the latest trigger
 * @param dueAt when the run may start: the debounce window after the latest trigger, but no later
 *     than the maximum delay after the first
 * @param image a model image asked for by a source change, or null
 * @param detail the latest trigger's line for people
 */
public record PendingTrigger(
    String dataset,
    String datasetUri,
    TriggerKind kind,
    int events,
    Instant firstAt,
    Instant lastAt,
    Instant dueAt,
    String image,
    String detail) {

  /** The pending trigger after {@code event} arrived at {@code now}. */
  public static PendingTrigger fold(
      PendingTrigger existing,
      TriggerEvent event,
      String datasetUri,
      Instant now,
      Duration window,
      Duration maxDelay) {
    if (existing == null) {
      Instant due = now.plus(window.compareTo(maxDelay) <= 0 ? window : maxDelay);
      return new PendingTrigger(
          event.dataset(),
          datasetUri,
          event.kind(),
          1,
          now,
          now,
          due,
          event.image(),
          event.detail());
    }
    Instant latest = now.plus(window);
    Instant cap = existing.firstAt().plus(maxDelay);
    Instant due = latest.isBefore(cap) ? latest : cap;
    if (due.isBefore(existing.dueAt())) {
      due = existing.dueAt();
    }
    return new PendingTrigger(
        existing.dataset(),
        datasetUri != null ? datasetUri : existing.datasetUri(),
        existing.kind(),
        existing.events() + 1,
        existing.firstAt(),
        now,
        due,
        event.image() != null ? event.image() : existing.image(),
        event.detail());
  }

  public boolean isDue(Instant now) {
    return !dueAt.isAfter(now);
  }
}
