package dev.mlops.drift.capture;

import dev.mlops.drift.window.DriftWindow;

/** Where the reader folds: the open window, rolled over when it fills up. */
public interface WindowCursor {

  /** The window the next record goes into. */
  DriftWindow current();

  /** Called after every record: closes a full window and opens the next. */
  void afterRecord();
}
