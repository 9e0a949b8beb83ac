package dev.mlops.orchestrator.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.orchestrator.pipeline.TriggerKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The debounce rules, without a database. */
class PendingTriggerTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration WINDOW = Duration.ofSeconds(60);
  static final Duration MAX = Duration.ofMinutes(10);

  static TriggerEvent upload(String key) {
    return new TriggerEvent(
        TriggerKind.UPLOAD, "txhousing", "s3://mlops-data/datasets/txhousing/", null, key);
  }

  @Test
  void aBurstOfUploadsBecomesOnePendingTriggerDueAfterTheLastOne() {
    PendingTrigger p = null;
    for (int i = 0; i < 5; i++) {
      Instant at = T0.plusSeconds(i * 10);
      p =
          PendingTrigger.fold(
              p,
              upload("part" + i + ".csv"),
              "s3://mlops-data/datasets/txhousing/",
              at,
              WINDOW,
              MAX);
      assertThat(p.isDue(at)).isFalse();
    }
    assertThat(p.events()).isEqualTo(5);
    assertThat(p.firstAt()).isEqualTo(T0);
    assertThat(p.dueAt()).isEqualTo(T0.plusSeconds(40).plus(WINDOW));
    assertThat(p.isDue(T0.plusSeconds(99))).isFalse();
    assertThat(p.isDue(T0.plusSeconds(100))).isTrue();
    assertThat(p.kind()).isEqualTo(TriggerKind.UPLOAD);
    assertThat(p.detail()).isEqualTo("part4.csv");
  }

  @Test
  void aNeverEndingStreamStillStartsARunAfterTheMaximumDelay() {
    PendingTrigger p = null;
    Instant at = T0;
    for (int i = 0; i < 100; i++) {
      at = T0.plusSeconds(i * 30);
      p = PendingTrigger.fold(p, upload("x"), null, at, WINDOW, MAX);
    }
    assertThat(p.dueAt()).isEqualTo(T0.plus(MAX));
    assertThat(p.isDue(at)).isTrue();
  }

  @Test
  void aTriggerWaitingBehindAnActiveRunStaysDueWhenMoreArrive() {
    PendingTrigger p = PendingTrigger.fold(null, upload("a"), null, T0, WINDOW, MAX);
    // the run of the dataset was busy; twenty minutes later another upload arrives
    Instant later = T0.plus(Duration.ofMinutes(20));
    PendingTrigger q = PendingTrigger.fold(p, upload("b"), null, later, WINDOW, MAX);
    assertThat(q.events()).isEqualTo(2);
    assertThat(q.isDue(later)).isTrue();
  }

  @Test
  void theFirstTriggersKindAndALaterImageAreKept() {
    PendingTrigger p =
        PendingTrigger.fold(
            null,
            new TriggerEvent(TriggerKind.DRIFT, "tx", null, null, "drift"),
            null,
            T0,
            WINDOW,
            MAX);
    PendingTrigger q =
        PendingTrigger.fold(
            p,
            new TriggerEvent(TriggerKind.SOURCE_CHANGE, "tx", null, "img:2", "commit"),
            null,
            T0.plusSeconds(1),
            WINDOW,
            MAX);
    assertThat(q.kind()).isEqualTo(TriggerKind.DRIFT);
    assertThat(q.image()).isEqualTo("img:2");
  }
}
