package dev.mlops.orchestrator.pipeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a step is. */
public enum StepStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  /** Succeeded by reusing the outputs of an identical earlier step. */
  CACHED,
  FAILED,
  CANCELLED;

  public boolean isDone() {
    return this == SUCCEEDED || this == CACHED;
  }

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepStatus of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
