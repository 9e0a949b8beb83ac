package dev.mlops.orchestrator.registry;

import static dev.mlops.orchestrator.db.Jsonb.instant;
import static dev.mlops.orchestrator.db.Jsonb.ts;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.orchestrator.db.Jsonb;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Model versions in PostgreSQL. Every method works inside the caller's transaction. */
@ApplicationScoped
public class ModelRegistry {

  /** Serialises version numbering across orchestrator instances (transaction-scoped). */
  private static final long VERSION_LOCK = 0x6d6c6f7073L;

  /** The next version name, under a lock held until the transaction ends. */
  public int nextNumber(Connection tx) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, VERSION_LOCK);
      ps.execute();
    }
    try (PreparedStatement ps =
            tx.prepareStatement("SELECT coalesce(max(number), 0) + 1 FROM model_version");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  public void insert(Connection tx, ModelVersion v) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO model_version (version, number, run_id, dataset, dataset_uri,"
                + " dataset_hash, train_data_sha256, image, hyperparameters, metrics,"
                + " model_data_uri, schema_uri, baseline_uri, evaluation_uri, approval_status,"
                + " approval_by, approval_at, approval_comment, created_at) VALUES (?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = 1;
      ps.setString(i++, v.version());
      ps.setInt(i++, v.number());
      ps.setObject(i++, v.runId());
      ps.setString(i++, v.dataset());
      ps.setString(i++, v.datasetUri());
      ps.setString(i++, v.datasetHash());
      ps.setString(i++, v.trainDataSha256());
      ps.setString(i++, v.image());
      ps.setString(i++, Jsonb.write(v.hyperparameters()));
      ps.setString(i++, Jsonb.write(v.metrics()));
      ps.setString(i++, v.modelDataUri());
      ps.setString(i++, v.schemaUri());
      ps.setString(i++, v.baselineUri());
      ps.setString(i++, v.evaluationUri());
      ps.setString(i++, v.approvalStatus().id());
      ps.setString(i++, v.approvalBy());
      ps.setTimestamp(i++, ts(v.approvalAt()));
      ps.setString(i++, v.approvalComment());
      ps.setTimestamp(i++, ts(v.createdAt()));
      ps.executeUpdate();
    }
  }

  public Optional<ModelVersion> find(Connection tx, String version) throws SQLException {
    return one(tx, "SELECT * FROM model_version WHERE version = ?", version);
  }

  public Optional<ModelVersion> lock(Connection tx, String version) throws SQLException {
    return one(tx, "SELECT * FROM model_version WHERE version = ? FOR UPDATE", version);
  }

  public Optional<ModelVersion> byRun(Connection tx, UUID runId) throws SQLException {
    return one(tx, "SELECT * FROM model_version WHERE run_id = ?", runId);
  }

  /** Versions, newest first. */
  public List<ModelVersion> list(Connection tx, String dataset, int limit) throws SQLException {
    String sql =
        dataset == null
            ? "SELECT * FROM model_version ORDER BY number DESC LIMIT ?"
            : "SELECT * FROM model_version WHERE dataset = ? ORDER BY number DESC LIMIT ?";
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      int i = 1;
      if (dataset != null) {
        ps.setString(i++, dataset);
      }
      ps.setInt(i, limit);
      List<ModelVersion> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    }
  }

  /** Records a decision on a version. */
  public ModelVersion decide(
      Connection tx, ModelVersion v, ApprovalStatus status, String by, String comment, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE model_version SET approval_status = ?, approval_by = ?, approval_at = ?,"
                + " approval_comment = ? WHERE version = ?")) {
      ps.setString(1, status.id());
      ps.setString(2, by);
      ps.setTimestamp(3, ts(at));
      ps.setString(4, comment);
      ps.setString(5, v.version());
      ps.executeUpdate();
    }
    return find(tx, v.version()).orElseThrow();
  }

  /** Records that a version was rolled back (its canary, or production on it), and why. */
  public void markRolledBack(Connection tx, String version, String reason, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE model_version SET rolled_back_at = ?, rolled_back_reason = ? WHERE version = ?")) {
      ps.setTimestamp(1, ts(at));
      ps.setString(2, reason);
      ps.setString(3, version);
      ps.executeUpdate();
    }
  }

  private Optional<ModelVersion> one(Connection tx, String sql, Object arg) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private static final TypeReference<LinkedHashMap<String, Double>> METRICS =
      new TypeReference<>() {};

  private static ModelVersion map(ResultSet rs) throws SQLException {
    LinkedHashMap<String, Double> metrics = Jsonb.read(rs.getString("metrics"), METRICS);
    return new ModelVersion(
        rs.getString("version"),
        rs.getInt("number"),
        rs.getObject("run_id", UUID.class),
        rs.getString("dataset"),
        rs.getString("dataset_uri"),
        rs.getString("dataset_hash"),
        rs.getString("train_data_sha256"),
        rs.getString("image"),
        Jsonb.strings(rs.getString("hyperparameters")),
        metrics,
        rs.getString("model_data_uri"),
        rs.getString("schema_uri"),
        rs.getString("baseline_uri"),
        rs.getString("evaluation_uri"),
        ApprovalStatus.of(rs.getString("approval_status")),
        rs.getString("approval_by"),
        instant(rs.getTimestamp("approval_at")),
        rs.getString("approval_comment"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("rolled_back_at")),
        rs.getString("rolled_back_reason"));
  }
}
