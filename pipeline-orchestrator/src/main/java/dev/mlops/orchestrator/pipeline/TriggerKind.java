package dev.mlops.orchestrator.pipeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What started a run. */
public enum TriggerKind {
  MANUAL,
  UPLOAD,
  SCHEDULE,
  DRIFT,
  SOURCE_CHANGE;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static TriggerKind of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
