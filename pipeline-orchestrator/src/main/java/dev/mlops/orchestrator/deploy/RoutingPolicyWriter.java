package dev.mlops.orchestrator.deploy;

import static dev.mlops.orchestrator.db.Jsonb.ts;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.storage.ObjectStore;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes {@code routing/policy.json}, the only thing the gateways read. Versions only go up: the
 * next version is above both the last one recorded here and the one in S3 (which may be ahead if an
 * earlier write reached S3 but its transaction did not commit).
 */
@ApplicationScoped
public class RoutingPolicyWriter {

  private static final Logger LOG = Logger.getLogger(RoutingPolicyWriter.class);
  private static final long POLICY_LOCK = 0x726f757465L;

  private final ObjectStore store;
  private final OrchestratorConfig config;

  public RoutingPolicyWriter(ObjectStore store, OrchestratorConfig config) {
    this.store = store;
    this.config = config;
  }

  public S3Uri location() {
    return S3Uri.of(config.buckets().artifacts(), RoutingPolicy.KEY);
  }

  /** Writes a new policy with the next version, inside the caller's transaction. */
  public RoutingPolicy write(
      Connection tx,
      RoutingPolicy.Target stable,
      RoutingPolicy.Target canary,
      double canaryWeight,
      RoutingPolicy.Target shadow,
      String reason,
      Instant now)
      throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, POLICY_LOCK);
      ps.execute();
    }
    long last = 0;
    try (PreparedStatement ps =
            tx.prepareStatement("SELECT coalesce(max(version), 0) FROM routing_policy");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      last = rs.getLong(1);
    }
    long inS3 = currentInStore().map(RoutingPolicy::version).orElse(0L);
    long version = Math.max(last, inS3) + 1;
    RoutingPolicy policy =
        new RoutingPolicy(version, stable, canary, canaryWeight, shadow, null, now.toString());
    byte[] json = policy.toJson();
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO routing_policy (version, body, reason, written_at) VALUES (?, ?::jsonb,"
                + " ?, ?)")) {
      ps.setLong(1, version);
      ps.setString(2, new String(json, StandardCharsets.UTF_8));
      ps.setString(3, reason);
      ps.setTimestamp(4, ts(now));
      ps.executeUpdate();
    }
    store.put(location(), json, "application/json");
    LOG.infof("routing policy v%d: %s", version, reason);
    return policy;
  }

  /** The policy the gateways read now, if any. */
  public Optional<RoutingPolicy> currentInStore() {
    return store.get(location()).map(RoutingPolicy::parse);
  }
}
