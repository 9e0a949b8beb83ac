package dev.mlops.orchestrator.pipeline;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;

/**
 * What a step sees while it is advanced: the run, its own record, the records of the steps before
 * it, and the transaction that holds the run's lock.
 */
public final class StepContext {

  private PipelineRun run;
  private final StepRecord step;
  private final Map<StepName, StepRecord> steps;
  private final Connection tx;
  private final Instant now;
  private final String project;

  public StepContext(
      PipelineRun run,
      StepRecord step,
      Map<StepName, StepRecord> steps,
      Connection tx,
      Instant now,
      String project) {
    this.run = run;
    this.step = step;
    this.steps = steps;
    this.tx = tx;
    this.now = now;
    this.project = project;
  }

  public PipelineRun run() {
    return run;
  }

  /** Steps may record facts on the run (dataset hash, model version) before it is stored. */
  public void updateRun(PipelineRun updated) {
    this.run = updated;
  }

  public StepRecord step() {
    return step;
  }

  public Connection tx() {
    return tx;
  }

  public Instant now() {
    return now;
  }

  public String project() {
    return project;
  }

  /** The deterministic SageMaker job name of this step's current attempt. */
  public String jobName() {
    return JobNames.job(project, run.shortId(), step.step(), step.attempt());
  }

  /** An output of an earlier step; a clear error if it is missing (a bug, never user input). */
  public String output(StepName from, String key) {
    StepRecord s = steps.get(from);
    String value = s == null ? null : s.outputs().get(key);
    if (value == null) {
      throw new IllegalStateException(
          "step " + from.id() + " has no output '" + key + "' for " + step.step().id());
    }
    return value;
  }

  /** An output of an earlier step, or null. */
  public String optionalOutput(StepName from, String key) {
    StepRecord s = steps.get(from);
    return s == null ? null : s.outputs().get(key);
  }
}
