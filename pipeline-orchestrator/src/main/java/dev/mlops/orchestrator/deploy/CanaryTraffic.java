package dev.mlops.orchestrator.deploy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Production shared with a canary. A prod rollback while a canary runs means "traffic back to the
 * stable version": the canary is rolled back instead of the stable version being replaced.
 */
public interface CanaryTraffic {

  /** Rolls back the running or paused canary; empty when there is none. */
  Optional<ProdRollback.Result> rollBackActive(String by, String comment);

  /** Whether a canary shares production now, inside the caller's transaction. */
  boolean sharesProduction(Connection tx) throws SQLException;
}
