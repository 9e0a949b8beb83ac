package dev.mlops.orchestrator.pipeline;

import static dev.mlops.orchestrator.db.Jsonb.instant;
import static dev.mlops.orchestrator.db.Jsonb.ts;

import dev.mlops.orchestrator.db.Jsonb;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Runs and steps in PostgreSQL. Every method works inside the caller's transaction. */
@ApplicationScoped
public class RunStore {

  private static final String ACTIVE = "('queued', 'running', 'waiting_approval', 'cancelling')";

  public void insert(Connection tx, PipelineRun run) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO pipeline_run (id, short_id, dataset, dataset_uri, schema_json, target,"
                + " dataset_hash, hyperparameters, image, trigger_kind, trigger_detail, status,"
                + " current_step, failure_reason, model_version, cancel_requested,"
                + " transient_errors, gate_metric, gate_threshold, gate_margin, next_check_at,"
                + " created_at, updated_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, run.id());
      ps.setString(2, run.shortId());
      bindRun(ps, run, 3);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO pipeline_step (run_id, step, position, status) VALUES (?, ?, ?, ?)")) {
      for (StepName s : StepName.values()) {
        ps.setObject(1, run.id());
        ps.setString(2, s.id());
        ps.setInt(3, s.ordinal());
        ps.setString(4, StepStatus.PENDING.id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public void update(Connection tx, PipelineRun run) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE pipeline_run SET dataset = ?, dataset_uri = ?, schema_json = ?, target = ?,"
                + " dataset_hash = ?, hyperparameters = ?::jsonb, image = ?, trigger_kind = ?,"
                + " trigger_detail = ?, status = ?, current_step = ?, failure_reason = ?,"
                + " model_version = ?, cancel_requested = ?, transient_errors = ?, gate_metric = ?,"
                + " gate_threshold = ?, gate_margin = ?, next_check_at = ?, created_at = ?,"
                + " updated_at = ?, ended_at = ? WHERE id = ?")) {
      int i = bindRun(ps, run, 1);
      ps.setObject(i, run.id());
      ps.executeUpdate();
    }
  }

  private static int bindRun(PreparedStatement ps, PipelineRun run, int i) throws SQLException {
    ps.setString(i++, run.dataset());
    ps.setString(i++, run.datasetUri());
    ps.setString(i++, run.schemaJson());
    ps.setString(i++, run.target());
    ps.setString(i++, run.datasetHash());
    ps.setString(i++, Jsonb.write(run.hyperparameters()));
    ps.setString(i++, run.image());
    ps.setString(i++, run.trigger().id());
    ps.setString(i++, run.triggerDetail());
    ps.setString(i++, run.status().id());
    ps.setString(i++, run.currentStep().id());
    ps.setString(i++, run.failureReason());
    ps.setString(i++, run.modelVersion());
    ps.setBoolean(i++, run.cancelRequested());
    ps.setInt(i++, run.transientErrors());
    ps.setString(i++, run.gate().metric());
    ps.setDouble(i++, run.gate().threshold());
    ps.setDouble(i++, run.gate().margin());
    ps.setTimestamp(i++, ts(run.nextCheckAt()));
    ps.setTimestamp(i++, ts(run.createdAt()));
    ps.setTimestamp(i++, ts(run.updatedAt()));
    ps.setTimestamp(i++, ts(run.endedAt()));
    return i;
  }

  /**
   * Locks and returns one active run that is due, skipping runs other transactions hold: the reason
   * two orchestrator instances never drive the same run at the same time.
   */
  public Optional<PipelineRun> claimDue(Connection tx, Instant now, Collection<UUID> skip)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT * FROM pipeline_run WHERE status IN " + ACTIVE)
            .append(" AND next_check_at <= ?");
    if (!skip.isEmpty()) {
      sql.append(" AND id <> ALL (?)");
    }
    sql.append(" ORDER BY next_check_at LIMIT 1 FOR UPDATE SKIP LOCKED");
    try (PreparedStatement ps = tx.prepareStatement(sql.toString())) {
      ps.setTimestamp(1, ts(now));
      if (!skip.isEmpty()) {
        ps.setArray(2, tx.createArrayOf("uuid", skip.toArray()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(run(rs)) : Optional.empty();
      }
    }
  }

  /** The run, locked for update (waits for a reconciler pass that holds it). */
  public Optional<PipelineRun> lock(Connection tx, UUID id) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("SELECT * FROM pipeline_run WHERE id = ? FOR UPDATE")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(run(rs)) : Optional.empty();
      }
    }
  }

  public Optional<PipelineRun> find(Connection tx, UUID id) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("SELECT * FROM pipeline_run WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(run(rs)) : Optional.empty();
      }
    }
  }

  /** The active run of a dataset, if any. */
  public Optional<PipelineRun> activeRun(Connection tx, String dataset) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT * FROM pipeline_run WHERE dataset = ? AND status IN " + ACTIVE)) {
      ps.setString(1, dataset);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(run(rs)) : Optional.empty();
      }
    }
  }

  /** The latest run of a dataset, if any. */
  public Optional<PipelineRun> latestRun(Connection tx, String dataset) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT * FROM pipeline_run WHERE dataset = ? ORDER BY created_at DESC LIMIT 1")) {
      ps.setString(1, dataset);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(run(rs)) : Optional.empty();
      }
    }
  }

  /** Runs, newest first, optionally filtered. */
  public List<PipelineRun> list(Connection tx, String dataset, RunStatus status, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT * FROM pipeline_run WHERE true");
    List<Object> args = new ArrayList<>();
    if (dataset != null) {
      sql.append(" AND dataset = ?");
      args.add(dataset);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      args.add(status.id());
    }
    sql.append(" ORDER BY created_at DESC LIMIT ?");
    args.add(limit);
    try (PreparedStatement ps = tx.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<PipelineRun> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(run(rs));
        }
      }
      return out;
    }
  }

  public List<StepRecord> steps(Connection tx, UUID runId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("SELECT * FROM pipeline_step WHERE run_id = ? ORDER BY position")) {
      ps.setObject(1, runId);
      List<StepRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StepRecord(
                  rs.getObject("run_id", UUID.class),
                  StepName.of(rs.getString("step")),
                  StepStatus.of(rs.getString("status")),
                  rs.getInt("attempt"),
                  rs.getString("job_name"),
                  instant(rs.getTimestamp("started_at")),
                  instant(rs.getTimestamp("ended_at")),
                  rs.getString("failure_reason"),
                  Jsonb.strings(rs.getString("outputs")),
                  Jsonb.objects(rs.getString("detail"))));
        }
      }
      return out;
    }
  }

  public void updateStep(Connection tx, StepRecord s) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE pipeline_step SET status = ?, attempt = ?, job_name = ?, started_at = ?,"
                + " ended_at = ?, failure_reason = ?, outputs = ?::jsonb, detail = ?::jsonb"
                + " WHERE run_id = ? AND step = ?")) {
      ps.setString(1, s.status().id());
      ps.setInt(2, s.attempt());
      ps.setString(3, s.jobName());
      ps.setTimestamp(4, ts(s.startedAt()));
      ps.setTimestamp(5, ts(s.endedAt()));
      ps.setString(6, s.failureReason());
      ps.setString(7, Jsonb.write(s.outputs()));
      ps.setString(8, Jsonb.write(s.detail()));
      ps.setObject(9, s.runId());
      ps.setString(10, s.step().id());
      ps.executeUpdate();
    }
  }

  /** Wakes a run up now (after an approval, a cancel, a retry). */
  public void wake(Connection tx, UUID id, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("UPDATE pipeline_run SET next_check_at = ? WHERE id = ?")) {
      ps.setTimestamp(1, ts(now));
      ps.setObject(2, id);
      ps.executeUpdate();
    }
  }

  private static PipelineRun run(ResultSet rs) throws SQLException {
    return new PipelineRun(
        rs.getObject("id", UUID.class),
        rs.getString("short_id"),
        rs.getString("dataset"),
        rs.getString("dataset_uri"),
        rs.getString("schema_json"),
        rs.getString("target"),
        rs.getString("dataset_hash"),
        Jsonb.strings(rs.getString("hyperparameters")),
        rs.getString("image"),
        TriggerKind.of(rs.getString("trigger_kind")),
        rs.getString("trigger_detail"),
        RunStatus.of(rs.getString("status")),
        StepName.of(rs.getString("current_step")),
        rs.getString("failure_reason"),
        rs.getString("model_version"),
        rs.getBoolean("cancel_requested"),
        rs.getInt("transient_errors"),
        new PipelineRun.GateSettings(
            rs.getString("gate_metric"),
            rs.getDouble("gate_threshold"),
            rs.getDouble("gate_margin")),
        instant(rs.getTimestamp("next_check_at")),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")),
        instant(rs.getTimestamp("ended_at")));
  }
}
