package dev.mlops.orchestrator.deploy;

import dev.mlops.orchestrator.pipeline.StepOutcome;
import java.sql.SQLException;

/**
 * How production traffic moves to a new prod endpoint: the last step of a run. The default switches
 * at once; a canary (shifting weights in the routing policy and judging the gateways' metrics
 * between steps) replaces it by providing another bean of this type. It is advanced on every
 * reconciler pass until it reports done (promoted) or failed (rolled back).
 */
public interface TrafficSwitch {

  StepOutcome advance(Promotion promotion) throws SQLException;

  /** A cancelled run stops its switch (a canary would put its weight back to 0). */
  default void cancel(Promotion promotion) throws SQLException {}
}
