package dev.mlops.orchestrator.deploy;

import static dev.mlops.orchestrator.db.Jsonb.instant;
import static dev.mlops.orchestrator.db.Jsonb.ts;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The deployment history in PostgreSQL. Every method works inside the caller's transaction. */
@ApplicationScoped
public class DeploymentStore {

  /** The run's deployment to a stage, created on first call (idempotent across crashes). */
  public Deployment ensure(
      Connection tx, UUID runId, Stage stage, String version, String endpoint, Instant now)
      throws SQLException {
    Optional<Deployment> existing = byRun(tx, runId, stage);
    if (existing.isPresent()) {
      return existing.get();
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO deployment (stage, model_version, endpoint, run_id, status, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, stage.id());
      ps.setString(2, version);
      ps.setString(3, endpoint);
      ps.setObject(4, runId);
      ps.setString(5, DeploymentStatus.CREATING.id());
      ps.setTimestamp(6, ts(now));
      ps.executeUpdate();
    }
    return byRun(tx, runId, stage).orElseThrow();
  }

  public Optional<Deployment> byId(Connection tx, long id) throws SQLException {
    return one(tx, "SELECT * FROM deployment WHERE id = ?", id);
  }

  public Optional<Deployment> byRun(Connection tx, UUID runId, Stage stage) throws SQLException {
    return one(tx, "SELECT * FROM deployment WHERE run_id = ? AND stage = ?", runId, stage.id());
  }

  /** The deployment taking a stage's traffic. */
  public Optional<Deployment> active(Connection tx, Stage stage) throws SQLException {
    return one(
        tx,
        "SELECT * FROM deployment WHERE stage = ? AND status = 'active' ORDER BY id DESC LIMIT 1",
        stage.id());
  }

  /** All deployments of a stage in a status, newest first. */
  public List<Deployment> withStatus(Connection tx, Stage stage, DeploymentStatus status)
      throws SQLException {
    return many(
        tx,
        "SELECT * FROM deployment WHERE stage = ? AND status = ? ORDER BY id DESC",
        stage.id(),
        status.id());
  }

  /** The history of a stage (or of all stages), newest first. */
  public List<Deployment> history(Connection tx, Stage stage, int limit) throws SQLException {
    return stage == null
        ? many(tx, "SELECT * FROM deployment ORDER BY id DESC LIMIT ?", limit)
        : many(
            tx,
            "SELECT * FROM deployment WHERE stage = ? ORDER BY id DESC LIMIT ?",
            stage.id(),
            limit);
  }

  /**
   * Retiring deployments whose rollback window is over, and rolled-back canaries whose endpoint is
   * still to delete, locked for this caller.
   */
  public List<Deployment> claimDueForRetirement(Connection tx, Instant now, int limit)
      throws SQLException {
    return many(
        tx,
        "SELECT * FROM deployment WHERE status IN ('retiring', 'rolled_back') AND retire_after <="
            + " ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
        ts(now),
        limit);
  }

  /** Locks every deployment of a stage (a rollback and a traffic switch must not interleave). */
  public void lockStage(Connection tx, Stage stage) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      ps.setInt(1, 0x6465706c);
      ps.setInt(2, stage.ordinal());
      ps.execute();
    }
  }

  public void update(
      Connection tx,
      long id,
      DeploymentStatus status,
      Instant activatedAt,
      Instant retireAfter,
      Instant endedAt,
      String note)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE deployment SET status = ?, activated_at = coalesce(?, activated_at),"
                + " retire_after = ?, ended_at = coalesce(?, ended_at), note = coalesce(?, note)"
                + " WHERE id = ?")) {
      ps.setString(1, status.id());
      ps.setTimestamp(2, ts(activatedAt));
      ps.setTimestamp(3, ts(retireAfter));
      ps.setTimestamp(4, ts(endedAt));
      ps.setString(5, note);
      ps.setLong(6, id);
      ps.executeUpdate();
    }
  }

  /** Inserts a deployment that is not a run's (a rollback re-activating an older version). */
  public void insertRollback(
      Connection tx, Stage stage, String version, String endpoint, Instant now, String note)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO deployment (stage, model_version, endpoint, run_id, status, created_at,"
                + " activated_at, note) VALUES (?, ?, ?, NULL, 'active', ?, ?, ?)")) {
      ps.setString(1, stage.id());
      ps.setString(2, version);
      ps.setString(3, endpoint);
      ps.setTimestamp(4, ts(now));
      ps.setTimestamp(5, ts(now));
      ps.setString(6, note);
      ps.executeUpdate();
    }
  }

  private Optional<Deployment> one(Connection tx, String sql, Object... args) throws SQLException {
    List<Deployment> all = many(tx, sql, args);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  private List<Deployment> many(Connection tx, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Deployment> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Deployment(
                  rs.getLong("id"),
                  Stage.of(rs.getString("stage")),
                  rs.getString("model_version"),
                  rs.getString("endpoint"),
                  rs.getObject("run_id", UUID.class),
                  DeploymentStatus.of(rs.getString("status")),
                  instant(rs.getTimestamp("created_at")),
                  instant(rs.getTimestamp("activated_at")),
                  instant(rs.getTimestamp("retire_after")),
                  instant(rs.getTimestamp("ended_at")),
                  rs.getString("note")));
        }
      }
      return out;
    }
  }
}
