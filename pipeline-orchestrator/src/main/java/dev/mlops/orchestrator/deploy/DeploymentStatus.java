package dev.mlops.orchestrator.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of an endpoint deployment. */
public enum DeploymentStatus {
  /** The endpoint is being created and smoke tested. */
  CREATING,
  /** In service and smoke tested, not yet taking production traffic (prod only). */
  READY,
  /** Takes the stage's traffic. */
  ACTIVE,
  /** Replaced; the endpoint is kept until {@code retire_after} (the rollback window). */
  RETIRING,
  /** The endpoint is deleted. */
  RETIRED,
  /** Creating or smoke testing failed; the endpoint is deleted. */
  FAILED,
  /**
   * Its canary was rolled back (the analysis failed, or a person said so); the endpoint is deleted
   * at {@code retire_after}.
   */
  ROLLED_BACK;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentStatus of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
