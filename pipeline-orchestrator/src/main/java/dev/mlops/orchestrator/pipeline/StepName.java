package dev.mlops.orchestrator.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The steps of a pipeline run, in order. */
public enum StepName {
  PREPROCESS,
  TRAIN,
  EVALUATE,
  GATE,
  REGISTER,
  DEPLOY_DEV,
  APPROVAL,
  DEPLOY_PROD,
  SWITCH_TRAFFIC;

  /** The step after this one, or null after the last. */
  public StepName next() {
    StepName[] all = values();
    return ordinal() + 1 < all.length ? all[ordinal() + 1] : null;
  }

  /** Name in the API, the database and job names: {@code deploy-dev}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static StepName of(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown step '" + id + "'");
    }
  }
}
