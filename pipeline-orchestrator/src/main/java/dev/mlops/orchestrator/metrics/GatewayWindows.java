package dev.mlops.orchestrator.metrics;

import static dev.mlops.orchestrator.db.Jsonb.instant;
import static dev.mlops.orchestrator.db.Jsonb.ts;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.orchestrator.db.Db;
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
 * The gateways' per-variant window aggregates, one row per gateway, window and variant (a
 * redelivered window is stored once), for canary analysis and the dashboard.
 */
@ApplicationScoped
public class GatewayWindows {

  /** One stored variant window. */
  public record StoredWindow(
      String gatewayId,
      Instant windowStart,
      Instant windowEnd,
      long policyVersion,
      String variant,
      String endpoint,
      String modelVersion,
      long requests,
      Map<String, Object> errors) {}

  private final Db db;

  public GatewayWindows(Db db) {
    this.db = db;
  }

  /** Stores every variant of the window; returns how many rows were new. */
  public int store(GatewayWindow w) {
    Instant start = Instant.parse(w.windowStart());
    Instant end = Instant.parse(w.windowEnd());
    return db.tx(
        tx -> {
          int n = 0;
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "INSERT INTO gateway_window (gateway_id, window_start, window_end,"
                      + " policy_version, variant, endpoint, model_version, requests, errors,"
                      + " latency_counts, predictions, received_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
                      + " ?, ?::jsonb, ?::jsonb, ?::jsonb, ?) ON CONFLICT (gateway_id,"
                      + " window_start, variant) DO NOTHING")) {
            for (GatewayWindow.VariantWindow v : w.variants()) {
              ps.setString(1, w.gatewayId());
              ps.setTimestamp(2, ts(start));
              ps.setTimestamp(3, ts(end));
              ps.setLong(4, w.policyVersion());
              ps.setString(5, v.variant());
              ps.setString(6, v.endpoint());
              ps.setString(7, v.modelVersion());
              ps.setLong(8, v.requests());
              ps.setString(9, Jsonb.write(v.errors() == null ? Map.of() : v.errors()));
              ps.setString(10, v.latencyCounts() == null ? null : Jsonb.write(v.latencyCounts()));
              ps.setString(11, v.predictions() == null ? null : Jsonb.write(v.predictions()));
              ps.setTimestamp(12, ts(Instant.now()));
              n += ps.executeUpdate();
            }
          }
          return n;
        });
  }

  private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {};
  private static final TypeReference<long[]> LATENCY_COUNTS = new TypeReference<>() {};
  private static final TypeReference<GatewayWindow.PredictionSummary> PREDICTIONS =
      new TypeReference<>() {};

  /**
   * One variant's windows of one endpoint that overlap {@code [from, to)}, from every gateway, as
   * the gateways sent them (for canary analysis, which merges them).
   *
   * @param withPredictions false leaves out the prediction summaries (their sketches are most of a
   *     window's size), for a look at requests, errors and latency alone
   */
  public List<GatewayWindow.VariantWindow> overlapping(
      Connection tx,
      String endpoint,
      String variant,
      Instant from,
      Instant to,
      boolean withPredictions)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT endpoint, variant, model_version, requests, errors::text AS errors,"
                + " latency_counts::text AS latency_counts, "
                + (withPredictions ? "predictions::text" : "NULL")
                + " AS predictions FROM gateway_window WHERE endpoint = ? AND variant = ? AND"
                + " window_end > ? AND window_start < ? ORDER BY window_start")) {
      ps.setString(1, endpoint);
      ps.setString(2, variant);
      ps.setTimestamp(3, ts(from));
      ps.setTimestamp(4, ts(to));
      List<GatewayWindow.VariantWindow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new GatewayWindow.VariantWindow(
                  rs.getString("variant"),
                  rs.getString("endpoint"),
                  rs.getString("model_version"),
                  rs.getLong("requests"),
                  Jsonb.read(rs.getString("errors"), COUNTS),
                  Jsonb.read(rs.getString("latency_counts"), LATENCY_COUNTS),
                  Jsonb.read(rs.getString("predictions"), PREDICTIONS)));
        }
      }
      return out;
    }
  }

  /** Windows of an endpoint (or all) since a time, oldest first. */
  public List<StoredWindow> since(String endpoint, Instant from, int limit) {
    return db.tx(
        tx -> {
          String sql =
              "SELECT * FROM gateway_window WHERE window_start >= ?"
                  + (endpoint == null ? "" : " AND endpoint = ?")
                  + " ORDER BY window_start LIMIT ?";
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            int i = 1;
            ps.setTimestamp(i++, ts(from));
            if (endpoint != null) {
              ps.setString(i++, endpoint);
            }
            ps.setInt(i, limit);
            List<StoredWindow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new StoredWindow(
                        rs.getString("gateway_id"),
                        instant(rs.getTimestamp("window_start")),
                        instant(rs.getTimestamp("window_end")),
                        rs.getLong("policy_version"),
                        rs.getString("variant"),
                        rs.getString("endpoint"),
                        rs.getString("model_version"),
                        rs.getLong("requests"),
                        Jsonb.objects(rs.getString("errors"))));
              }
            }
            return out;
          }
        });
  }
}
