package dev.mlops.orchestrator.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The jobs of the model container (SageMaker Processing and Training). Starting is idempotent: a
 * job of the same name that exists already is adopted, never started twice.
 */
public interface ModelJobs {

  /** A processing job input: an S3 prefix or object copied to {@code localPath}. */
  record Input(String name, String s3Uri, String localPath) {}

  /** A processing job output: {@code localPath} uploaded to {@code s3Uri} at the end. */
  record Output(String name, String s3Uri, String localPath) {}

  /** Compute for a job. */
  record Resources(String instanceType, int instanceCount, int volumeSizeGb, Duration maxRuntime) {}

  record ProcessingJob(
      String name,
      String image,
      String roleArn,
      List<String> arguments,
      List<Input> inputs,
      List<Output> outputs,
      Resources resources) {}

  /** A training job; each channel is an S3 prefix. */
  record TrainingJob(
      String name,
      String image,
      String roleArn,
      Map<String, String> hyperparameters,
      Map<String, String> channels,
      String outputPath,
      Resources resources) {}

  enum Status {
    NOT_FOUND,
    IN_PROGRESS,
    STOPPING,
    COMPLETED,
    FAILED,
    STOPPED
  }

  /**
   * @param status where the job is
   * @param failureReason SageMaker's FailureReason (or ExitMessage) when it failed
   * @param modelArtifactUri for a completed training job, its model.tar.gz
   */
  record JobState(Status status, String failureReason, String modelArtifactUri) {
    public static final JobState NOT_FOUND = new JobState(Status.NOT_FOUND, null, null);
  }

  void startProcessing(ProcessingJob job);

  void startTraining(TrainingJob job);

  JobState describeProcessing(String name);

  JobState describeTraining(String name);

  /** Stops the job if it runs; nothing if it ended or never existed. */
  void stopProcessing(String name);

  void stopTraining(String name);
}
