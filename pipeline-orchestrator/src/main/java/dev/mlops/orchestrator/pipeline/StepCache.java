package dev.mlops.orchestrator.pipeline;

import static dev.mlops.orchestrator.db.Jsonb.ts;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.db.Jsonb;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reuse of step outputs: a step whose inputs (dataset content, schema, settings, hyperparameters,
 * image) hash to the key of an earlier succeeded step within the TTL takes that step's outputs
 * instead of running a job.
 */
@ApplicationScoped
public class StepCache {

  /** A reusable earlier result. */
  public record Hit(UUID runId, Map<String, String> outputs) {}

  private final OrchestratorConfig config;

  public StepCache(OrchestratorConfig config) {
    this.config = config;
  }

  /** A cache key from the parts that decide a step's result (order of map entries ignored). */
  public static String key(StepName step, Map<String, String> parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(step.id().getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, String> e : new TreeMap<>(parts).entrySet()) {
        sha.update((byte) 0);
        sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '=');
        sha.update(String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Optional<Hit> find(Connection tx, String key, Instant now) throws SQLException {
    if (!config.cache().enabled()) {
      return Optional.empty();
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT run_id, outputs::text AS outputs FROM step_cache WHERE cache_key = ? AND"
                + " created_at >= ?")) {
      ps.setString(1, key);
      ps.setTimestamp(2, ts(now.minus(config.cache().ttl())));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Hit(rs.getObject("run_id", UUID.class), Jsonb.strings(rs.getString("outputs"))))
            : Optional.empty();
      }
    }
  }

  public void put(
      Connection tx,
      String key,
      StepName step,
      UUID runId,
      Map<String, String> outputs,
      Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO step_cache (cache_key, step, run_id, outputs, created_at) VALUES (?, ?,"
                + " ?, ?::jsonb, ?) ON CONFLICT (cache_key) DO UPDATE SET run_id ="
                + " excluded.run_id, outputs = excluded.outputs, created_at = excluded.created_at")) {
      ps.setString(1, key);
      ps.setString(2, step.id());
      ps.setObject(3, runId);
      ps.setString(4, Jsonb.write(outputs));
      ps.setTimestamp(5, ts(now));
      ps.executeUpdate();
    }
  }
}
