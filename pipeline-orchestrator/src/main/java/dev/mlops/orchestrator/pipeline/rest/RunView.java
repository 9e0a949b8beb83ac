package dev.mlops.orchestrator.pipeline.rest;

import dev.mlops.orchestrator.pipeline.PipelineRun;
import dev.mlops.orchestrator.pipeline.PipelineRuns;
import dev.mlops.orchestrator.pipeline.StepName;
import dev.mlops.orchestrator.pipeline.StepRecord;
import dev.mlops.orchestrator.pipeline.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run as the admin API shows it: progress, timings, log locations, failure. */
public record RunView(
    String id,
    String shortId,
    String dataset,
    String datasetUri,
    String datasetHash,
    String status,
    String currentStep,
    String trigger,
    String triggerDetail,
    String image,
    Map<String, String> hyperparameters,
    PipelineRun.GateSettings gate,
    String modelVersion,
    String failureReason,
    Map<String, Object> validationReport,
    String progress,
    Instant createdAt,
    Instant updatedAt,
    Instant endedAt,
    Double durationSeconds,
    List<StepView> steps) {

  /** One step. */
  public record StepView(
      String step,
      String status,
      int attempt,
      String jobName,
      Map<String, String> logs,
      Instant startedAt,
      Instant endedAt,
      Double durationSeconds,
      String failureReason,
      Map<String, String> outputs,
      Map<String, Object> detail) {}

  @SuppressWarnings("unchecked")
  public static RunView of(PipelineRuns.RunWithSteps rs, Instant now) {
    PipelineRun r = rs.run();
    List<StepView> steps = new ArrayList<>();
    Map<String, Object> report = null;
    int done = 0;
    for (StepRecord s : rs.steps()) {
      if (s.status().isDone()) {
        done++;
      }
      if (s.step() == StepName.PREPROCESS
          && s.detail().get("validation_report") instanceof Map<?, ?> m) {
        report = (Map<String, Object>) m;
      }
      steps.add(
          new StepView(
              s.step().id(),
              s.status().id(),
              s.attempt(),
              s.jobName(),
              logs(s),
              s.startedAt(),
              s.endedAt(),
              seconds(
                  s.startedAt(),
                  s.endedAt() != null
                      ? s.endedAt()
                      : s.status() == StepStatus.RUNNING ? now : null),
              s.failureReason(),
              s.outputs(),
              s.detail()));
    }
    return new RunView(
        r.id().toString(),
        r.shortId(),
        r.dataset(),
        r.datasetUri(),
        r.datasetHash(),
        r.status().id(),
        r.currentStep().id(),
        r.trigger().id(),
        r.triggerDetail(),
        r.image(),
        r.hyperparameters(),
        r.gate(),
        r.modelVersion(),
        r.failureReason(),
        report,
        done + "/" + rs.steps().size() + " steps done",
        r.createdAt(),
        r.updatedAt(),
        r.endedAt(),
        seconds(r.createdAt(), r.endedAt() != null ? r.endedAt() : now),
        steps);
  }

  private static Map<String, String> logs(StepRecord s) {
    if (s.jobName() == null) {
      return null;
    }
    Map<String, String> m = new LinkedHashMap<>();
    String group =
        switch (s.step()) {
          case PREPROCESS, EVALUATE -> "/aws/sagemaker/ProcessingJobs";
          case TRAIN -> "/aws/sagemaker/TrainingJobs";
          case DEPLOY_DEV, DEPLOY_PROD -> "/aws/sagemaker/Endpoints/" + s.jobName();
          default -> null;
        };
    if (group == null) {
      return null;
    }
    m.put("sagemaker_name", s.jobName());
    m.put("cloudwatch_log_group", group);
    m.put("log_stream_prefix", s.jobName());
    return m;
  }

  private static Double seconds(Instant from, Instant to) {
    if (from == null || to == null) {
      return null;
    }
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
