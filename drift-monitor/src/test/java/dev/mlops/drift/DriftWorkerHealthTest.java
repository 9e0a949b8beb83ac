package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When the drift worker counts as ready. */
class DriftWorkerHealthTest {

  static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  static Instant ago(int seconds) {
    return NOW.minus(Duration.ofSeconds(seconds));
  }

  @Test
  void aFirstRoundStillRunningIsStartingNotDown() {
    // the health check came while the first round (a long poll) was running: CI saw a 503 here
    assertThat(DriftWorkerHealth.healthy(ago(1), null, NOW)).isTrue();
    assertThat(DriftWorkerHealth.healthy(ago(119), null, NOW)).isTrue();
  }

  @Test
  void noSuccessfulRoundForTwoMinutesIsDown() {
    assertThat(DriftWorkerHealth.healthy(ago(121), null, NOW)).isFalse();
    assertThat(DriftWorkerHealth.healthy(ago(600), ago(121), NOW)).isFalse();
  }

  @Test
  void aRecentSuccessfulRoundIsUp() {
    assertThat(DriftWorkerHealth.healthy(ago(600), ago(5), NOW)).isTrue();
  }
}
