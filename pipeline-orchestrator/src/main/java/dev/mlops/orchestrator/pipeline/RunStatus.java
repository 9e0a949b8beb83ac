package dev.mlops.orchestrator.pipeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/** Where a run is. Runs in an active status are advanced by the reconciler. */
public enum RunStatus {
  /** Created, no step started. */
  QUEUED,
  /** A step is in progress. */
  RUNNING,
  /** Deployed to dev; waiting for a person to approve or reject the model version. */
  WAITING_APPROVAL,
  /** Cancel asked for; running jobs are being stopped. */
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** The model version was rejected at the approval step. */
  REJECTED;

  /** The statuses the one-active-run-per-dataset rule counts (also in the database index). */
  public static final Set<RunStatus> ACTIVE = Set.of(QUEUED, RUNNING, WAITING_APPROVAL, CANCELLING);

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
