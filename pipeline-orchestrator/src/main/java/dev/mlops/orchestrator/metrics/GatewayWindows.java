package dev.mlops.orchestrator.metrics;

import static dev.mlops.orchestrator.db.Jsonb.instant;
import static dev.mlops.orchestrator.db.Jsonb.ts;

import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.db.Jsonb;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
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
