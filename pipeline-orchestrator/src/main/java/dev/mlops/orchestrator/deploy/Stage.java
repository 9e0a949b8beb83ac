package dev.mlops.orchestrator.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a model version is deployed. */
public enum Stage {
  DEV,
  PROD;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Stage of(String id) {
    try {
      return valueOf(id.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stage must be dev or prod, not '" + id + "'");
    }
  }
}
