package dev.mlops.drift.adapter.jdbc;

import dev.mlops.contract.json.Json;
import dev.mlops.contract.monitor.ConstraintViolations;
import dev.mlops.drift.StorageUnavailableException;
import dev.mlops.drift.alerting.NotificationDecision;
import dev.mlops.drift.alerting.WindowEvaluation;
import dev.mlops.drift.analysis.FeatureResult;
import dev.mlops.drift.analysis.WindowReport;
import dev.mlops.drift.ingest.ObjectRef;
import dev.mlops.drift.window.ConcurrentUpdateException;
import dev.mlops.drift.window.DriftWindow;
import dev.mlops.drift.window.FeaturePoint;
import dev.mlops.drift.window.FoldBatch;
import dev.mlops.drift.window.StoredWindow;
import dev.mlops.drift.window.ViolationEntry;
import dev.mlops.drift.window.WindowHistory;
import dev.mlops.drift.window.WindowState;
import dev.mlops.drift.window.WindowStatus;
import dev.mlops.drift.window.WindowStore;
import dev.mlops.drift.window.WindowSummary;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Windows in PostgreSQL with plain JDBC: each write is one explicit transaction, so that "these
 * objects were folded" and "this is the window state they produced" can never be stored apart.
 */
public final class JdbcWindowStore implements WindowStore, WindowHistory {

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public JdbcWindowStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageUnavailableException("PostgreSQL: " + e.getMessage(), e);
    }
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        throw new ConcurrentUpdateException("written meanwhile: " + e.getMessage());
      }
      throw new StorageUnavailableException("PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** pgjdbc wraps a failed batch statement's cause in the next exception. */
  private static boolean isUniqueViolation(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
        return true;
      }
      if (x.getCause() instanceof SQLException cause
          && UNIQUE_VIOLATION.equals(cause.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  // ---- WindowStore ----

  @Override
  public List<StoredWindow> openWindows() {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT state, revision, status, alert_pending, event_pending, report"
                      + " FROM drift_window WHERE status = 'OPEN' ORDER BY seq")) {
            return stored(s);
          }
        });
  }

  @Override
  public long nextSeq() {
    return read(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT nextval('drift_window_seq')");
              ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public boolean isFolded(ObjectRef ref) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT 1 FROM folded_object WHERE bucket = ? AND object_key = ? AND etag = ?")) {
            s.setString(1, ref.bucket());
            s.setString(2, ref.key());
            s.setString(3, ref.eTag());
            try (ResultSet rs = s.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public void commit(FoldBatch batch) {
    Instant now = Instant.now();
    inTransaction(
        c -> {
          if (!batch.objects().isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO folded_object"
                        + " (bucket, object_key, etag, window_id, captures, records, folded_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
              for (FoldBatch.FoldedObject o : batch.objects()) {
                s.setString(1, o.ref().bucket());
                s.setString(2, o.ref().key());
                s.setString(3, o.ref().eTag());
                s.setString(4, o.windowId());
                s.setLong(5, o.captures());
                s.setLong(6, o.records());
                s.setTimestamp(7, Timestamp.from(now));
                s.addBatch();
              }
              for (int n : s.executeBatch()) {
                if (n == 0) {
                  // folded by another instance since we looked: our windows are stale
                  throw new ConcurrentUpdateException(
                      "an object of the batch was folded meanwhile");
                }
              }
            }
          }
          for (DriftWindow w : batch.windows()) {
            writeWindow(c, w);
          }
          return null;
        });
  }

  private static void writeWindow(Connection c, DriftWindow w) throws SQLException {
    WindowState state = w.toState();
    String status = w.isClosed() ? WindowStatus.CLOSED.name() : WindowStatus.OPEN.name();
    if (w.revision() == 0) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO drift_window (id, seq, endpoint, model_version, status, opened_at,"
                  + " closed_at, captures, records, state, revision)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
        s.setString(1, w.id());
        s.setLong(2, w.seq());
        s.setString(3, w.model().endpoint());
        s.setString(4, w.model().modelVersion());
        s.setString(5, status);
        s.setTimestamp(6, Timestamp.from(w.openedAt()));
        s.setTimestamp(7, w.closedAt() == null ? null : Timestamp.from(w.closedAt()));
        s.setLong(8, w.captures());
        s.setLong(9, w.records());
        s.setString(10, state.toJson());
        s.executeUpdate();
      }
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE drift_window SET status = ?, closed_at = ?, captures = ?, records = ?,"
                + " state = ?, revision = revision + 1"
                + " WHERE id = ? AND revision = ? AND status = 'OPEN'")) {
      s.setString(1, status);
      s.setTimestamp(2, w.closedAt() == null ? null : Timestamp.from(w.closedAt()));
      s.setLong(3, w.captures());
      s.setLong(4, w.records());
      s.setString(5, state.toJson());
      s.setString(6, w.id());
      s.setLong(7, w.revision());
      if (s.executeUpdate() != 1) {
        throw new ConcurrentUpdateException("window " + w.id() + " changed meanwhile");
      }
    }
  }

  @Override
  public List<StoredWindow> reportable(int limit) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT state, revision, status, alert_pending, event_pending, report"
                      + " FROM drift_window WHERE status IN ('CLOSED', 'EVALUATED')"
                      + " ORDER BY closed_at, seq LIMIT ?")) {
            s.setInt(1, limit);
            return stored(s);
          }
        });
  }

  private static List<StoredWindow> stored(PreparedStatement s) throws SQLException {
    List<StoredWindow> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(
            new StoredWindow(
                WindowState.parse(rs.getString(1)),
                rs.getLong(2),
                WindowStatus.valueOf(rs.getString(3)),
                rs.getBoolean(4),
                rs.getBoolean(5),
                rs.getString(6)));
      }
    }
    return out;
  }

  @Override
  public NotificationDecision recordEvaluation(WindowEvaluation e, Instant now) {
    WindowReport r = e.report();
    return inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT status, alert_pending, event_pending FROM drift_window"
                      + " WHERE id = ? FOR UPDATE")) {
            s.setString(1, r.windowId());
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("no window " + r.windowId());
              }
              if (!WindowStatus.CLOSED.name().equals(rs.getString(1))) {
                // another instance analysed it first: keep its decision
                return new NotificationDecision(rs.getBoolean(2), rs.getBoolean(3), false);
              }
            }
          }
          NotificationDecision d = NotificationDecision.NONE;
          if (e.alertKind() != null) {
            d = NotificationDecision.decide(e, lastSent(c, r, e.alertKind()), now);
            if (d.sendAlert()) {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "UPDATE notification_cooldown SET last_sent_at = ?, window_id = ?"
                          + " WHERE endpoint = ? AND model_version = ? AND kind = ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setString(2, r.windowId());
                s.setString(3, r.endpoint());
                s.setString(4, r.modelVersion());
                s.setString(5, e.alertKind());
                s.executeUpdate();
              }
            }
          }
          Timestamp closed = Timestamp.from(Instant.parse(r.closedAt()));
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO feature_measure (window_id, feature, kind, endpoint, model_version,"
                      + " closed_at, method, distance, threshold, p_value, drifted, present)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (FeatureResult f : r.features()) {
              s.setString(1, r.windowId());
              s.setString(2, f.name());
              s.setString(3, f.kind());
              s.setString(4, r.endpoint());
              s.setString(5, r.modelVersion());
              s.setTimestamp(6, closed);
              s.setString(7, f.method());
              setDouble(s, 8, f.distance());
              setDouble(s, 9, f.threshold());
              setDouble(s, 10, f.pValue());
              s.setBoolean(11, f.drifted());
              s.setLong(12, f.present());
              s.addBatch();
            }
            s.executeBatch();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO violation (window_id, ordinal, endpoint, model_version, closed_at,"
                      + " feature_name, check_type, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            for (ConstraintViolations.Violation v : r.violations()) {
              s.setString(1, r.windowId());
              s.setInt(2, i++);
              s.setString(3, r.endpoint());
              s.setString(4, r.modelVersion());
              s.setTimestamp(5, closed);
              s.setString(6, v.featureName());
              s.setString(7, v.constraintCheckType());
              s.setString(8, v.description());
              s.addBatch();
            }
            s.executeBatch();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE drift_window SET status = 'EVALUATED', report = ?, dataset_drift = ?,"
                      + " violation_count = ?, alert_pending = ?, event_pending = ?,"
                      + " evaluated_at = ? WHERE id = ?")) {
            s.setString(1, Json.string(r));
            s.setBoolean(2, r.datasetDrift());
            s.setInt(3, r.violations().size());
            s.setBoolean(4, d.sendAlert());
            s.setBoolean(5, d.sendEvent());
            s.setTimestamp(6, Timestamp.from(now));
            s.setString(7, r.windowId());
            s.executeUpdate();
          }
          return d;
        });
  }

  /** Locks the cool-down row of this endpoint, model version and kind (creating it). */
  private static Instant lastSent(Connection c, WindowReport r, String kind) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO notification_cooldown (endpoint, model_version, kind)"
                + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, r.endpoint());
      s.setString(2, r.modelVersion());
      s.setString(3, kind);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT last_sent_at FROM notification_cooldown"
                + " WHERE endpoint = ? AND model_version = ? AND kind = ? FOR UPDATE")) {
      s.setString(1, r.endpoint());
      s.setString(2, r.modelVersion());
      s.setString(3, kind);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        Timestamp t = rs.getTimestamp(1);
        return t == null ? null : t.toInstant();
      }
    }
  }

  private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
    if (v == null || !Double.isFinite(v)) {
      s.setNull(i, Types.DOUBLE);
    } else {
      s.setDouble(i, v);
    }
  }

  @Override
  public void markReported(String windowId) {
    inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE drift_window SET status = 'REPORTED', alert_pending = FALSE,"
                      + " event_pending = FALSE, reported_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            s.setString(2, windowId);
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public int purgeFoldedObjects(Instant before) {
    return inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM folded_object WHERE folded_at < ?")) {
            s.setTimestamp(1, Timestamp.from(before));
            return s.executeUpdate();
          }
        });
  }

  // ---- WindowHistory ----

  private static final String SUMMARY_COLUMNS =
      "id, endpoint, model_version, status, opened_at, closed_at, captures, records,"
          + " dataset_drift, violation_count";

  @Override
  public List<WindowSummary> recent(Optional<String> endpoint, int limit) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + SUMMARY_COLUMNS
                      + " FROM drift_window WHERE (?::text IS NULL OR endpoint = ?)"
                      + " ORDER BY seq DESC LIMIT ?")) {
            s.setString(1, endpoint.orElse(null));
            s.setString(2, endpoint.orElse(null));
            s.setInt(3, limit);
            List<WindowSummary> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(summary(rs, null, null));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Optional<WindowSummary> find(String windowId) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + SUMMARY_COLUMNS + ", state, report FROM drift_window WHERE id = ?")) {
            s.setString(1, windowId);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              WindowState state = WindowState.parse(rs.getString(11));
              String report = rs.getString(12);
              return Optional.of(
                  summary(
                      rs,
                      state.skipped(),
                      report == null
                          ? null
                          : Json.read(
                              report.getBytes(StandardCharsets.UTF_8), WindowReport.class)));
            }
          }
        });
  }

  private static WindowSummary summary(
      ResultSet rs, java.util.Map<String, Long> skipped, WindowReport report) throws SQLException {
    Timestamp closed = rs.getTimestamp(6);
    boolean drift = rs.getBoolean(9);
    boolean driftNull = rs.wasNull();
    int violations = rs.getInt(10);
    boolean violationsNull = rs.wasNull();
    return new WindowSummary(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4).toLowerCase(Locale.ROOT),
        rs.getTimestamp(5).toInstant().toString(),
        closed == null ? null : closed.toInstant().toString(),
        rs.getLong(7),
        rs.getLong(8),
        driftNull ? null : drift,
        violationsNull ? null : violations,
        skipped,
        report);
  }

  @Override
  public List<FeaturePoint> featureSeries(String feature, Optional<String> endpoint, int limit) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT window_id, endpoint, model_version, closed_at, kind, method, distance,"
                      + " threshold, p_value, drifted, present FROM feature_measure"
                      + " WHERE feature = ? AND (?::text IS NULL OR endpoint = ?)"
                      + " ORDER BY closed_at DESC, window_id DESC LIMIT ?")) {
            s.setString(1, feature);
            s.setString(2, endpoint.orElse(null));
            s.setString(3, endpoint.orElse(null));
            s.setInt(4, limit);
            List<FeaturePoint> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new FeaturePoint(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant().toString(),
                        rs.getString(5),
                        rs.getString(6),
                        nullableDouble(rs, 7),
                        nullableDouble(rs, 8),
                        nullableDouble(rs, 9),
                        rs.getBoolean(10),
                        rs.getLong(11)));
              }
            }
            return out;
          }
        });
  }

  private static Double nullableDouble(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? null : v;
  }

  @Override
  public boolean knowsFeature(String feature) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM feature_measure WHERE feature = ? LIMIT 1")) {
            s.setString(1, feature);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public List<ViolationEntry> violations(Optional<String> endpoint, int limit) {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT window_id, endpoint, model_version, closed_at, feature_name, check_type,"
                      + " description FROM violation WHERE (?::text IS NULL OR endpoint = ?)"
                      + " ORDER BY closed_at DESC, window_id DESC, ordinal LIMIT ?")) {
            s.setString(1, endpoint.orElse(null));
            s.setString(2, endpoint.orElse(null));
            s.setInt(3, limit);
            List<ViolationEntry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new ViolationEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant().toString(),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<WindowReport> latestReports() {
    return read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT DISTINCT ON (endpoint) report FROM drift_window"
                      + " WHERE report IS NOT NULL ORDER BY endpoint, seq DESC")) {
            List<WindowReport> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    Json.read(
                        rs.getString(1).getBytes(StandardCharsets.UTF_8), WindowReport.class));
              }
            }
            return out;
          }
        });
  }
}
