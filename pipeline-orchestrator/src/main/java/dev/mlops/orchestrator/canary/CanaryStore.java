package dev.mlops.orchestrator.canary;

import static dev.mlops.orchestrator.db.Jsonb.instant;
import static dev.mlops.orchestrator.db.Jsonb.ts;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.orchestrator.db.Jsonb;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Canaries and their analyses in PostgreSQL. Every method works inside the caller's transaction.
 */
@ApplicationScoped
public class CanaryStore {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<Canary.WeightChange>> WEIGHTS = new TypeReference<>() {};

  /** Inserts a new canary and sets its id. */
  public void insert(Connection tx, Canary c) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO canary (run_id, model_version, endpoint, deployment_id, stable_version,"
                + " stable_endpoint, stable_deployment_id, settings, state, step, weight,"
                + " started_at, interval_started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
                + " ?::jsonb, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      ps.setObject(1, c.runId);
      ps.setString(2, c.modelVersion);
      ps.setString(3, c.endpoint);
      ps.setLong(4, c.deploymentId);
      ps.setString(5, c.stableVersion);
      ps.setString(6, c.stableEndpoint);
      ps.setLong(7, c.stableDeploymentId);
      ps.setString(8, Jsonb.write(c.settings));
      ps.setString(9, c.state.id());
      ps.setInt(10, c.step);
      ps.setDouble(11, c.weight);
      ps.setTimestamp(12, ts(c.startedAt));
      ps.setTimestamp(13, ts(c.intervalStartedAt));
      ps.setTimestamp(14, ts(c.updatedAt));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        c.id = rs.getLong(1);
      }
    }
    update(tx, c);
  }

  /** Writes every field that changes over a canary's life. */
  public void update(Connection tx, Canary c) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE canary SET state = ?, step = ?, weight = ?, interval_started_at = ?,"
                + " next_analysis_at = ?, ended_at = ?, consecutive_failures = ?,"
                + " consecutive_inconclusive = ?, paused_reason = ?, outcome_reason = ?,"
                + " outcome_by = ?, failed_checks = ?::jsonb, policy_version = ?,"
                + " weights = ?::jsonb, updated_at = ? WHERE id = ?")) {
      ps.setString(1, c.state.id());
      ps.setInt(2, c.step);
      ps.setDouble(3, c.weight);
      ps.setTimestamp(4, ts(c.intervalStartedAt));
      ps.setTimestamp(5, ts(c.nextAnalysisAt));
      ps.setTimestamp(6, ts(c.endedAt));
      ps.setInt(7, c.consecutiveFailures);
      ps.setInt(8, c.consecutiveInconclusive);
      ps.setString(9, c.pausedReason);
      ps.setString(10, c.outcomeReason);
      ps.setString(11, c.outcomeBy);
      ps.setString(12, Jsonb.write(c.failedChecks));
      ps.setObject(13, c.policyVersion);
      ps.setString(14, Jsonb.write(c.weights));
      ps.setTimestamp(15, ts(c.updatedAt));
      ps.setLong(16, c.id);
      ps.executeUpdate();
    }
  }

  public void addAnalysis(Connection tx, long canaryId, AnalysisRecord a) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO canary_analysis (canary_id, seq, step, weight, interval_start,"
                + " interval_end, verdict, decision, early, result) VALUES (?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?::jsonb)")) {
      ps.setLong(1, canaryId);
      ps.setInt(2, a.seq());
      ps.setInt(3, a.step());
      ps.setDouble(4, a.weight());
      ps.setTimestamp(5, ts(a.intervalStart()));
      ps.setTimestamp(6, ts(a.intervalEnd()));
      ps.setString(7, a.result().verdict().id());
      ps.setString(8, a.decision().id());
      ps.setBoolean(9, a.early());
      ps.setString(10, Jsonb.write(a.result()));
      ps.executeUpdate();
    }
  }

  /** The analyses of a canary, oldest first. */
  public List<AnalysisRecord> analyses(Connection tx, long canaryId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT seq, step, weight, interval_start, interval_end, decision, early,"
                + " result::text AS result FROM canary_analysis WHERE canary_id = ? ORDER BY seq")) {
      ps.setLong(1, canaryId);
      List<AnalysisRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AnalysisRecord(
                  rs.getInt("seq"),
                  rs.getInt("step"),
                  rs.getDouble("weight"),
                  instant(rs.getTimestamp("interval_start")),
                  instant(rs.getTimestamp("interval_end")),
                  CanaryDecision.Action.valueOf(rs.getString("decision").toUpperCase(Locale.ROOT)),
                  rs.getBoolean("early"),
                  Jsonb.read(rs.getString("result"), new TypeReference<AnalysisResult>() {})));
        }
      }
      return out;
    }
  }

  /** How many analyses the canary had. */
  public int analysisCount(Connection tx, long canaryId) throws SQLException {
    return analysisCounts(tx, List.of(canaryId)).getOrDefault(canaryId, 0);
  }

  /** How many analyses each of the canaries had, in one query (those with none are absent). */
  public Map<Long, Integer> analysisCounts(Connection tx, List<Long> canaryIds)
      throws SQLException {
    Map<Long, Integer> out = new HashMap<>();
    if (canaryIds.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT canary_id, count(*) FROM canary_analysis WHERE canary_id = ANY(?)"
                + " GROUP BY canary_id")) {
      ps.setArray(1, tx.createArrayOf("bigint", canaryIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getInt(2));
        }
      }
    }
    return out;
  }

  /** The canary of a run (there is at most one: a rolled-back canary's endpoint is gone). */
  public Optional<Canary> forRun(Connection tx, UUID runId) throws SQLException {
    return one(tx, "SELECT * FROM canary WHERE run_id = ?", runId);
  }

  /** The canary sharing production now (running or paused), if any. */
  public Optional<Canary> active(Connection tx) throws SQLException {
    return one(tx, "SELECT * FROM canary WHERE state IN ('running', 'paused') LIMIT 1");
  }

  /** The canary, locked for this transaction. */
  public Optional<Canary> lock(Connection tx, long id) throws SQLException {
    return one(tx, "SELECT * FROM canary WHERE id = ? FOR UPDATE", id);
  }

  /** Canaries, newest first. */
  public List<Canary> history(Connection tx, int limit) throws SQLException {
    return many(tx, "SELECT * FROM canary ORDER BY id DESC LIMIT ?", limit);
  }

  /** The latest canary of a model version. */
  public Optional<Canary> latestOf(Connection tx, String version) throws SQLException {
    return one(
        tx, "SELECT * FROM canary WHERE model_version = ? ORDER BY id DESC LIMIT 1", version);
  }

  private Optional<Canary> one(Connection tx, String sql, Object... args) throws SQLException {
    List<Canary> all = many(tx, sql, args);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  private List<Canary> many(Connection tx, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Canary> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    }
  }

  private static Canary map(ResultSet rs) throws SQLException {
    Canary c =
        new Canary(
            rs.getLong("id"),
            rs.getObject("run_id", UUID.class),
            rs.getString("model_version"),
            rs.getString("endpoint"),
            rs.getLong("deployment_id"),
            rs.getString("stable_version"),
            rs.getString("stable_endpoint"),
            rs.getLong("stable_deployment_id"),
            Jsonb.read(rs.getString("settings"), new TypeReference<CanarySettings>() {}),
            instant(rs.getTimestamp("started_at")));
    c.state = CanaryState.of(rs.getString("state"));
    c.step = rs.getInt("step");
    c.weight = rs.getDouble("weight");
    c.intervalStartedAt = instant(rs.getTimestamp("interval_started_at"));
    c.nextAnalysisAt = instant(rs.getTimestamp("next_analysis_at"));
    c.endedAt = instant(rs.getTimestamp("ended_at"));
    c.consecutiveFailures = rs.getInt("consecutive_failures");
    c.consecutiveInconclusive = rs.getInt("consecutive_inconclusive");
    c.pausedReason = rs.getString("paused_reason");
    c.outcomeReason = rs.getString("outcome_reason");
    c.outcomeBy = rs.getString("outcome_by");
    c.failedChecks = new ArrayList<>(Jsonb.read(rs.getString("failed_checks"), STRINGS));
    long pv = rs.getLong("policy_version");
    c.policyVersion = rs.wasNull() ? null : pv;
    c.weights = new ArrayList<>(Jsonb.read(rs.getString("weights"), WEIGHTS));
    c.updatedAt = instant(rs.getTimestamp("updated_at"));
    return c;
  }
}
