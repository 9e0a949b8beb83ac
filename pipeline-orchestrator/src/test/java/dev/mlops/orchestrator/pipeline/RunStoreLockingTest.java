package dev.mlops.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.orchestrator.db.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Row locking on a real PostgreSQL: what keeps two orchestrator instances from driving one run, and
 * the one-active-run-per-dataset rule. Not a @QuarkusTest: two plain connections stand for two
 * instances.
 */
class RunStoreLockingTest {

  final RunStore store = new RunStore();
  DataSource db;

  @BeforeEach
  void database() {
    db = EmbeddedPostgres.freshDatabase();
  }

  static PipelineRun run(String dataset, Instant due) {
    UUID id = UUID.randomUUID();
    return new PipelineRun(
        id,
        PipelineRun.shortIdOf(id),
        dataset,
        "s3://mlops-data/datasets/" + dataset + "/",
        null,
        null,
        null,
        Map.of("eta", "0.1"),
        "img",
        TriggerKind.MANUAL,
        null,
        RunStatus.QUEUED,
        StepName.PREPROCESS,
        null,
        null,
        false,
        0,
        new PipelineRun.GateSettings("r2", 0.5, 0.05),
        due,
        due,
        due,
        null);
  }

  void insert(PipelineRun r) throws SQLException {
    try (Connection c = db.getConnection()) {
      store.insert(c, r);
    }
  }

  @Test
  void aRunClaimedByOneInstanceIsSkippedByTheOther() throws SQLException {
    Instant now = Instant.now();
    PipelineRun a = run("a", now.minusSeconds(2));
    PipelineRun b = run("b", now.minusSeconds(1));
    insert(a);
    insert(b);
    try (Connection one = db.getConnection();
        Connection two = db.getConnection()) {
      one.setAutoCommit(false);
      two.setAutoCommit(false);
      assertThat(store.claimDue(one, now, Set.of()))
          .get()
          .extracting(PipelineRun::id)
          .isEqualTo(a.id());
      // the second instance does not wait for the first: it takes the next due run
      assertThat(store.claimDue(two, now, Set.of()))
          .get()
          .extracting(PipelineRun::id)
          .isEqualTo(b.id());
      assertThat(store.claimDue(two, now, Set.of(b.id()))).isEmpty();
      one.rollback();
      // once the first instance lets go (commit, rollback or a dead connection) the run is free
      assertThat(store.claimDue(two, now, Set.of(b.id())))
          .get()
          .extracting(PipelineRun::id)
          .isEqualTo(a.id());
      two.rollback();
    }
  }

  @Test
  void runsNotDueOrNotActiveAreNotClaimed() throws SQLException {
    Instant now = Instant.now();
    PipelineRun later = run("later", now.plusSeconds(60));
    PipelineRun done = run("done", now.minusSeconds(60));
    insert(later);
    insert(done);
    try (Connection c = db.getConnection()) {
      store.update(c, done.withStatus(RunStatus.SUCCEEDED));
      assertThat(store.claimDue(c, now, Set.of())).isEmpty();
    }
  }

  @Test
  void aDatasetHasAtMostOneActiveRun() throws SQLException {
    Instant now = Instant.now();
    PipelineRun first = run("txhousing", now);
    insert(first);
    assertThatThrownBy(() -> insert(run("txhousing", now)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("pipeline_run_one_active_per_dataset");
    try (Connection c = db.getConnection()) {
      store.update(c, first.withStatus(RunStatus.FAILED));
    }
    insert(run("txhousing", now));
  }

  @Test
  void runsAndStepsRoundTrip() throws SQLException {
    PipelineRun r = run("rt", Instant.parse("2026-01-01T00:00:00Z")).withDatasetHash("sha256:ab");
    insert(r);
    try (Connection c = db.getConnection()) {
      assertThat(store.find(c, r.id())).get().isEqualTo(r);
      List<StepRecord> steps = store.steps(c, r.id());
      assertThat(steps).extracting(StepRecord::step).containsExactly(StepName.values());
      assertThat(steps).allMatch(s -> s.status() == StepStatus.PENDING && s.attempt() == 1);
      StepRecord train =
          new StepRecord(
              r.id(),
              StepName.TRAIN,
              StepStatus.RUNNING,
              2,
              "mlops-x-train-a2",
              Instant.parse("2026-01-01T00:01:00Z"),
              null,
              null,
              Map.of("model", "s3://a/m.tar.gz"),
              Map.of("hyperparameters", Map.of("eta", "0.1")));
      store.updateStep(c, train);
      assertThat(store.steps(c, r.id()).get(StepName.TRAIN.ordinal())).isEqualTo(train);
    }
  }
}
