package dev.mlops.orchestrator.canary;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a canary is. */
public enum CanaryState {
  /** Takes its weight of production traffic and is analysed every interval. */
  RUNNING,
  /** Holds its weight without analysis until resumed, promoted or rolled back. */
  PAUSED,
  /** Takes all traffic: the stable version now. */
  PROMOTED,
  /** Takes no traffic; its endpoint is deleted. */
  ROLLED_BACK;

  public boolean isActive() {
    return this == RUNNING || this == PAUSED;
  }

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CanaryState of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
