package dev.mlops.orchestrator.pipeline;

import java.sql.SQLException;

/**
 * One step of the pipeline. {@link #advance} is called on every reconciler pass until the step is
 * done, and again after a crash: it must find what an earlier pass started (by the deterministic
 * job name) before starting anything.
 */
public interface PipelineStep {

  StepName name();

  StepOutcome advance(StepContext ctx) throws SQLException;

  /** Stops what the step has running (a job, an endpoint being created). */
  default void cancel(StepContext ctx) throws SQLException {}
}
