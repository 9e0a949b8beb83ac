package dev.mlops.drift.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.drift.analysis.WindowReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the cool-down is a pure decision; the database only stores its inputs. */
class NotificationDecisionTest {

  static WindowReport report(boolean drift, boolean violations) {
    return new WindowReport(
        "w",
        "e",
        "v1",
        "d",
        "t0",
        "t1",
        null,
        null,
        10,
        10,
        10,
        Map.of(),
        0,
        0,
        List.of(),
        violations
            ? List.of(
                new dev.mlops.contract.monitor.ConstraintViolations.Violation(
                    "year", "baseline_drift_check", "x"))
            : List.of(),
        drift ? List.of("year") : List.of(),
        7,
        drift ? 0.5 : 0,
        drift,
        true,
        "s",
        "v");
  }

  @Test
  void driftSendsAnAlertAndAnEventOncePerCooldown() {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    WindowEvaluation e = WindowEvaluation.of(report(true, true), Duration.ofMinutes(10));
    assertThat(e.alertKind()).isEqualTo(WindowEvaluation.DRIFT);
    assertThat(NotificationDecision.decide(e, null, t0))
        .isEqualTo(new NotificationDecision(true, true, false));
    assertThat(NotificationDecision.decide(e, t0, t0.plusSeconds(599)))
        .isEqualTo(new NotificationDecision(false, false, true));
    assertThat(NotificationDecision.decide(e, t0, t0.plusSeconds(600)))
        .isEqualTo(new NotificationDecision(true, true, false));
  }

  @Test
  void violationsWithoutDriftAlertButDoNotAskForRetraining() {
    WindowEvaluation e = WindowEvaluation.of(report(false, true), Duration.ofMinutes(10));
    assertThat(e.alertKind()).isEqualTo(WindowEvaluation.VIOLATIONS);
    assertThat(NotificationDecision.decide(e, null, Instant.EPOCH))
        .isEqualTo(new NotificationDecision(true, false, false));
  }

  @Test
  void aCleanWindowSendsNothing() {
    WindowEvaluation e = WindowEvaluation.of(report(false, false), Duration.ofMinutes(10));
    assertThat(NotificationDecision.decide(e, null, Instant.EPOCH))
        .isEqualTo(NotificationDecision.NONE);
  }

  @Test
  void theAlertAndTheEventNameTheSameFeatures() {
    WindowReport r =
        new WindowReport(
            "w",
            "e",
            "v1",
            "txhousing",
            "t0",
            "t1",
            null,
            null,
            10,
            10,
            10,
            Map.of(),
            0,
            0,
            List.of(
                new dev.mlops.drift.analysis.FeatureResult(
                    "year",
                    "feature",
                    "numeric",
                    10,
                    0,
                    0,
                    0,
                    "linf_robust",
                    1.0,
                    0.1,
                    1e-9,
                    true,
                    true,
                    null),
                new dev.mlops.drift.analysis.FeatureResult(
                    "month",
                    "feature",
                    "numeric",
                    10,
                    0,
                    0,
                    0,
                    "linf_robust",
                    0.01,
                    0.1,
                    0.9,
                    true,
                    false,
                    null)),
            List.of(),
            List.of("year"),
            2,
            0.5,
            true,
            true,
            "s3://a/s",
            "s3://a/v");
    DriftAlert alert = DriftAlert.of(r, true);
    assertThat(alert.event()).isEqualTo(DriftAlert.DRIFT_DETECTED);
    assertThat(alert.subject()).isEqualTo("Drift detected on e (v1)");
    assertThat(alert.features())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("year");
              assertThat(f.distance()).isEqualTo(1.0);
              assertThat(f.threshold()).isEqualTo(0.1);
            });
    var event = DriftAlert.event(r, "2024-01-01T00:00:00Z");
    assertThat(event.type()).isEqualTo("drift");
    assertThat(event.dataset()).isEqualTo("txhousing");
    assertThat(event.features()).isEqualTo(alert.features());
    assertThat(event.violationsUri()).isEqualTo("s3://a/v");
  }
}
