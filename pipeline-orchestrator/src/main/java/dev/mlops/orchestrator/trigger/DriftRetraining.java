package dev.mlops.orchestrator.trigger;

import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.RunStatus;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether drift should start a retraining run. Retraining reads the dataset as it is in S3, so once
 * a drift-triggered run has retrained (or is retraining) on it, another drift-triggered run would
 * train the same model again: the new endpoint keeps drifting, and every cool-down would ask a
 * person to approve the same model. Drift retrains again once something else ran in between (new
 * data, a source change, the schedule, a person), or when the drift run failed or was cancelled.
 */
final class DriftRetraining {

  private DriftRetraining() {}

  /** Why drift must not retrain now, or empty when it should. */
  static Optional<String> refusal(Optional<PipelineRun> latestRun) {
    if (latestRun.isEmpty() || latestRun.get().trigger() != TriggerKind.DRIFT) {
      return Optional.empty();
    }
    PipelineRun run = latestRun.get();
    if (run.status() == RunStatus.FAILED || run.status() == RunStatus.CANCELLED) {
      return Optional.empty();
    }
    return Optional.of(
        "run "
            + run.shortId()
            + " ("
            + run.status().name().toLowerCase(Locale.ROOT)
            + ") was started by drift on this same data; upload new data, or start a run by hand,"
            + " to retrain again");
  }
}
