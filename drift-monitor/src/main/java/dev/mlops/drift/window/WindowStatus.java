package dev.mlops.drift.window;

/** A window's life: folded into, waiting for analysis, analysed (notifying), done. */
public enum WindowStatus {
  OPEN,
  CLOSED,
  EVALUATED,
  REPORTED
}
