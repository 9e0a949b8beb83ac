package dev.mlops.drift.alerting;

import java.time.Duration;
import java.time.Instant;

/**
 * Which notifications a window sends, after the cool-downs.
 *
 * @param sendAlert publish the SNS alert
 * @param sendEvent send the drift event on pipeline-triggers
 * @param suppressed whether something wanted was held back by a cool-down
 */
public record NotificationDecision(boolean sendAlert, boolean sendEvent, boolean suppressed) {

  public static final NotificationDecision NONE = new NotificationDecision(false, false, false);

  /**
   * Decides under the cool-down of the evaluation's kind.
   *
   * @param lastSent when the last notification of that kind went out for this endpoint and model
   *     version, or null
   */
  public static NotificationDecision decide(WindowEvaluation e, Instant lastSent, Instant now) {
    if (e.alertKind() == null) {
      return NONE;
    }
    if (!coolingDown(lastSent, now, e.cooldown())) {
      return new NotificationDecision(true, e.eventWanted(), false);
    }
    return new NotificationDecision(false, false, true);
  }

  static boolean coolingDown(Instant lastSent, Instant now, Duration cooldown) {
    return lastSent != null && now.isBefore(lastSent.plus(cooldown));
  }
}
