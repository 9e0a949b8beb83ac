package dev.mlops.orchestrator.notify;

import static dev.mlops.orchestrator.db.Jsonb.ts;

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
import java.util.Map;

/**
 * Notifications written in the transaction of the change they announce, so that a crash can neither
 * lose one nor announce a change that did not commit; {@link OutboxPublisher} sends them.
 */
@ApplicationScoped
public class Outbox {

  /** A stored notification; {@code sent} once the topic accepted it. */
  public record Entry(
      long id, String event, String subject, String body, int attempts, boolean sent) {}

  public void add(Connection tx, Notice notice, Instant now) throws SQLException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", notice.event());
    body.putAll(notice.body());
    body.put("at", now.toString());
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO notification_outbox (event, subject, body, created_at) VALUES (?, ?,"
                + " ?::jsonb, ?)")) {
      ps.setString(1, notice.event());
      ps.setString(2, notice.subject());
      ps.setString(3, Jsonb.write(body));
      ps.setTimestamp(4, ts(now));
      ps.executeUpdate();
    }
  }

  public void addAll(Connection tx, List<Notice> notices, Instant now) throws SQLException {
    for (Notice n : notices) {
      add(tx, n, now);
    }
  }

  /** Unsent entries, locked for this publisher. */
  public List<Entry> claimUnsent(Connection tx, int limit) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT id, event, subject, body::text AS body, attempts, sent_at IS NOT NULL AS sent FROM"
                + " notification_outbox WHERE sent_at IS NULL AND attempts < 20 ORDER BY id LIMIT ? FOR UPDATE SKIP"
                + " LOCKED")) {
      ps.setInt(1, limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Entry(
                  rs.getLong("id"),
                  rs.getString("event"),
                  rs.getString("subject"),
                  rs.getString("body"),
                  rs.getInt("attempts"),
                  rs.getBoolean("sent")));
        }
      }
      return out;
    }
  }

  public void markSent(Connection tx, long id, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("UPDATE notification_outbox SET sent_at = ? WHERE id = ?")) {
      ps.setTimestamp(1, ts(now));
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  public void markFailed(Connection tx, long id, String error) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "UPDATE notification_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
      ps.setString(1, error);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /** Recent notifications of one event, newest first (for tests and the dashboard). */
  public List<Entry> recent(Connection tx, String event, int limit) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT id, event, subject, body::text AS body, attempts, sent_at IS NOT NULL AS sent FROM"
                + " notification_outbox WHERE event = ? ORDER BY id DESC LIMIT ?")) {
      ps.setString(1, event);
      ps.setInt(2, limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Entry(
                  rs.getLong("id"),
                  rs.getString("event"),
                  rs.getString("subject"),
                  rs.getString("body"),
                  rs.getInt("attempts"),
                  rs.getBoolean("sent")));
        }
      }
      return out;
    }
  }
}
