package dev.mlops.orchestrator.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.orchestrator.db.EmbeddedPostgres;
import dev.mlops.orchestrator.db.TestConfig;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recording and debouncing triggers on a real PostgreSQL. */
class TriggerIntakeTest {

  final TriggerIntake intake =
      new TriggerIntake(
          TestConfig.of(
              Map.of("mlops.triggers.debounce-window", "10s", "mlops.triggers.max-delay", "1m")));
  DataSource db;

  @BeforeEach
  void database() {
    db = EmbeddedPostgres.freshDatabase();
  }

  static TriggerEvent upload(String dataset, String key) {
    return new TriggerEvent(
        TriggerKind.UPLOAD, dataset, "s3://mlops-data/datasets/" + dataset + "/", null, key);
  }

  @Test
  void fiveUploadsInsideTheWindowMakeOnePendingTrigger() throws SQLException {
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    try (Connection c = db.getConnection()) {
      for (int i = 0; i < 5; i++) {
        intake.record(
            c, "msg-" + i, List.of(upload("txhousing", "part" + i + ".csv")), t0.plusSeconds(i));
      }
      assertThat(intake.claimDue(c, t0.plusSeconds(13), 10)).isEmpty();
      List<PendingTrigger> due = intake.claimDue(c, t0.plusSeconds(14), 10);
      assertThat(due)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.dataset()).isEqualTo("txhousing");
                assertThat(p.events()).isEqualTo(5);
                assertThat(p.detail()).isEqualTo("part4.csv");
              });
    }
  }

  @Test
  void aRedeliveredMessageCountsOnce() throws SQLException {
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    try (Connection c = db.getConnection()) {
      assertThat(intake.record(c, "same", List.of(upload("a", "x.csv"), upload("b", "y.csv")), t0))
          .isEqualTo(2);
      assertThat(
              intake.record(
                  c,
                  "same",
                  List.of(upload("a", "x.csv"), upload("b", "y.csv")),
                  t0.plusSeconds(1)))
          .isZero();
      assertThat(intake.all(c)).extracting(PendingTrigger::events).containsExactly(1, 1);
    }
  }

  @Test
  void datasetsAreDebouncedSeparately() throws SQLException {
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    try (Connection c = db.getConnection()) {
      intake.record(c, "1", List.of(upload("a", "x.csv")), t0);
      intake.record(c, "2", List.of(upload("b", "y.csv")), t0.plusSeconds(5));
      assertThat(intake.claimDue(c, t0.plusSeconds(10), 10))
          .extracting(PendingTrigger::dataset)
          .containsExactly("a");
      intake.delete(c, "a");
      assertThat(intake.all(c)).extracting(PendingTrigger::dataset).containsExactly("b");
    }
  }
}
