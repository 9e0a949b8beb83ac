package dev.mlops.drift.window;

/**
 * The database changed under us: another instance folded the same object or wrote the same window.
 * The in-memory windows are stale; reload them and let the queue redeliver.
 */
public class ConcurrentUpdateException extends RuntimeException {
  public ConcurrentUpdateException(String message) {
    super(message);
  }
}
