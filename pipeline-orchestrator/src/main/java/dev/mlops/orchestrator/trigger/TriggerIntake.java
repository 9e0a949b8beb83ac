package dev.mlops.orchestrator.trigger;

import static dev.mlops.orchestrator.db.Jsonb.instant;
import static dev.mlops.orchestrator.db.Jsonb.ts;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records triggers durably and folds them into the dataset's pending trigger. A message that is
 * delivered twice (SQS is at-least-once) is recognised by its message id and counted once.
 */
@ApplicationScoped
public class TriggerIntake {

  private final OrchestratorConfig config;

  public TriggerIntake(OrchestratorConfig config) {
    this.config = config;
  }

  /** Records the events of one message; returns how many were new. */
  public int record(Connection tx, String messageId, List<TriggerEvent> events, Instant now)
      throws SQLException {
    int fresh = 0;
    for (int seq = 0; seq < events.size(); seq++) {
      TriggerEvent e = events.get(seq);
      try (PreparedStatement ps =
          tx.prepareStatement(
              "INSERT INTO trigger_log (message_id, seq, kind, dataset, detail, received_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, seq) DO NOTHING")) {
        ps.setString(1, messageId);
        ps.setInt(2, seq);
        ps.setString(3, e.kind().id());
        ps.setString(4, e.dataset());
        ps.setString(5, e.detail());
        ps.setTimestamp(6, ts(now));
        if (ps.executeUpdate() == 0) {
          continue;
        }
      }
      fresh++;
      PendingTrigger existing = lock(tx, e.dataset()).orElse(null);
      PendingTrigger folded =
          PendingTrigger.fold(
              existing,
              e,
              e.datasetUri(),
              now,
              config.triggers().debounceWindow(),
              config.triggers().maxDelay());
      upsert(tx, folded);
    }
    return fresh;
  }

  /** Pending triggers whose debounce is over, locked for this caller. */
  public List<PendingTrigger> claimDue(Connection tx, Instant now, int limit) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT * FROM pending_trigger WHERE due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE"
                + " SKIP LOCKED")) {
      ps.setTimestamp(1, ts(now));
      ps.setInt(2, limit);
      List<PendingTrigger> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    }
  }

  public List<PendingTrigger> all(Connection tx) throws SQLException {
    try (PreparedStatement ps =
            tx.prepareStatement("SELECT * FROM pending_trigger ORDER BY due_at");
        ResultSet rs = ps.executeQuery()) {
      List<PendingTrigger> out = new ArrayList<>();
      while (rs.next()) {
        out.add(map(rs));
      }
      return out;
    }
  }

  public void delete(Connection tx, String dataset) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("DELETE FROM pending_trigger WHERE dataset = ?")) {
      ps.setString(1, dataset);
      ps.executeUpdate();
    }
  }

  private Optional<PendingTrigger> lock(Connection tx, String dataset) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("SELECT * FROM pending_trigger WHERE dataset = ? FOR UPDATE")) {
      ps.setString(1, dataset);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private void upsert(Connection tx, PendingTrigger p) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO pending_trigger (dataset, dataset_uri, kind, events, first_at, last_at,"
                + " due_at, image, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
                + " (dataset) DO UPDATE SET dataset_uri = excluded.dataset_uri, kind ="
                + " excluded.kind, events = excluded.events, first_at = excluded.first_at,"
                + " last_at = excluded.last_at, due_at = excluded.due_at, image ="
                + " excluded.image, detail = excluded.detail")) {
      ps.setString(1, p.dataset());
      ps.setString(2, p.datasetUri());
      ps.setString(3, p.kind().id());
      ps.setInt(4, p.events());
      ps.setTimestamp(5, ts(p.firstAt()));
      ps.setTimestamp(6, ts(p.lastAt()));
      ps.setTimestamp(7, ts(p.dueAt()));
      ps.setString(8, p.image());
      ps.setString(9, p.detail());
      ps.executeUpdate();
    }
  }

  private static PendingTrigger map(ResultSet rs) throws SQLException {
    return new PendingTrigger(
        rs.getString("dataset"),
        rs.getString("dataset_uri"),
        TriggerKind.of(rs.getString("kind")),
        rs.getInt("events"),
        instant(rs.getTimestamp("first_at")),
        instant(rs.getTimestamp("last_at")),
        instant(rs.getTimestamp("due_at")),
        rs.getString("image"),
        rs.getString("detail"));
  }
}
