package dev.mlops.orchestrator.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** The approval of a model version for production (SageMaker Model Registry's names). */
public enum ApprovalStatus {
  PENDING_MANUAL_APPROVAL("PendingManualApproval"),
  APPROVED("Approved"),
  REJECTED("Rejected");

  private final String id;

  ApprovalStatus(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public static ApprovalStatus of(String id) {
    for (ApprovalStatus s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown approval status " + id);
  }

  /**
   * The status after a decision. Only a pending version can be decided; deciding again the same way
   * is a no-op (a retried request), deciding the other way is refused.
   */
  public ApprovalStatus decide(ApprovalStatus decision) {
    if (decision == PENDING_MANUAL_APPROVAL) {
      throw new IllegalArgumentException("a decision is Approved or Rejected");
    }
    if (this == PENDING_MANUAL_APPROVAL || this == decision) {
      return decision;
    }
    throw new IllegalStateException("the version is " + id + " already");
  }
}
