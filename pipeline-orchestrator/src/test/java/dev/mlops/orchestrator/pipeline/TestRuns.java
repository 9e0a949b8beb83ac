package dev.mlops.orchestrator.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Pipeline runs for tests that need a run record without a database. */
public final class TestRuns {

  public static final UUID ID = UUID.fromString("12345678-1234-1234-1234-123456789abc");
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestRuns() {}

  /** A txhousing run with the given trigger, status and current step, created at {@link #T0}. */
  public static PipelineRun run(TriggerKind trigger, RunStatus status, StepName step) {
    return new PipelineRun(
        ID,
        PipelineRun.shortIdOf(ID),
        "txhousing",
        "s3://mlops-data/datasets/txhousing/",
        null,
        null,
        null,
        Map.of(),
        "img",
        trigger,
        null,
        status,
        step,
        null,
        null,
        false,
        0,
        new PipelineRun.GateSettings("r2", 0.5, 0.05),
        T0,
        T0,
        T0,
        null);
  }
}
