package dev.mlops.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApprovalStatusTest {

  @Test
  void aPendingVersionCanBeApprovedOrRejected() {
    assertThat(ApprovalStatus.PENDING_MANUAL_APPROVAL.decide(ApprovalStatus.APPROVED))
        .isEqualTo(ApprovalStatus.APPROVED);
    assertThat(ApprovalStatus.PENDING_MANUAL_APPROVAL.decide(ApprovalStatus.REJECTED))
        .isEqualTo(ApprovalStatus.REJECTED);
  }

  @Test
  void repeatingADecisionIsANoOpButReversingItIsRefused() {
    assertThat(ApprovalStatus.APPROVED.decide(ApprovalStatus.APPROVED))
        .isEqualTo(ApprovalStatus.APPROVED);
    assertThatThrownBy(() -> ApprovalStatus.REJECTED.decide(ApprovalStatus.APPROVED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Rejected");
    assertThatThrownBy(() -> ApprovalStatus.APPROVED.decide(ApprovalStatus.REJECTED))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ApprovalStatus.APPROVED.decide(ApprovalStatus.PENDING_MANUAL_APPROVAL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusNamesAreSageMakers() {
    assertThat(ApprovalStatus.of("PendingManualApproval"))
        .isEqualTo(ApprovalStatus.PENDING_MANUAL_APPROVAL);
    assertThat(ApprovalStatus.APPROVED.id()).isEqualTo("Approved");
  }
}
