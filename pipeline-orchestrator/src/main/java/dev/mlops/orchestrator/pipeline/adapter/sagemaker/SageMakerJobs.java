package dev.mlops.orchestrator.pipeline.adapter.sagemaker;

import dev.mlops.orchestrator.aws.AwsCalls;
import dev.mlops.orchestrator.aws.SageMakerErrors;
import dev.mlops.orchestrator.pipeline.ModelJobs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.AppSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DataSource;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.OutputDataConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingClusterConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInstanceType;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutputConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingResources;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3DataType;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3Input;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3InputMode;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3Output;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3UploadMode;
import software.amazon.awssdk.services.sagemaker.model.ProcessingStoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.ResourceConfig;
import software.amazon.awssdk.services.sagemaker.model.S3DataDistribution;
import software.amazon.awssdk.services.sagemaker.model.S3DataSource;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.StoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingInstanceType;

/** {@link ModelJobs} on SageMaker Processing and Training jobs. */
@ApplicationScoped
public class SageMakerJobs implements ModelJobs {

  private static final Logger LOG = Logger.getLogger(SageMakerJobs.class);

  private final SageMakerClient sageMaker;

  public SageMakerJobs(SageMakerClient sageMaker) {
    this.sageMaker = sageMaker;
  }

  @Override
  public void startProcessing(ProcessingJob job) {
    List<ProcessingInput> inputs =
        job.inputs().stream()
            .map(
                i ->
                    ProcessingInput.builder()
                        .inputName(i.name())
                        .s3Input(
                            ProcessingS3Input.builder()
                                .s3Uri(i.s3Uri())
                                .localPath(i.localPath())
                                .s3DataType(ProcessingS3DataType.S3_PREFIX)
                                .s3InputMode(ProcessingS3InputMode.FILE)
                                .build())
                        .build())
            .toList();
    List<ProcessingOutput> outputs =
        job.outputs().stream()
            .map(
                o ->
                    ProcessingOutput.builder()
                        .outputName(o.name())
                        .s3Output(
                            ProcessingS3Output.builder()
                                .s3Uri(o.s3Uri())
                                .localPath(o.localPath())
                                .s3UploadMode(ProcessingS3UploadMode.END_OF_JOB)
                                .build())
                        .build())
            .toList();
    create(
        "CreateProcessingJob " + job.name(),
        () ->
            sageMaker.createProcessingJob(
                b ->
                    b.processingJobName(job.name())
                        .roleArn(job.roleArn())
                        .appSpecification(
                            AppSpecification.builder()
                                .imageUri(job.image())
                                .containerArguments(job.arguments())
                                .build())
                        .processingInputs(inputs)
                        .processingOutputConfig(
                            ProcessingOutputConfig.builder().outputs(outputs).build())
                        .processingResources(
                            ProcessingResources.builder()
                                .clusterConfig(
                                    ProcessingClusterConfig.builder()
                                        .instanceType(
                                            ProcessingInstanceType.fromValue(
                                                job.resources().instanceType()))
                                        .instanceCount(job.resources().instanceCount())
                                        .volumeSizeInGB(job.resources().volumeSizeGb())
                                        .build())
                                .build())
                        .stoppingCondition(
                            ProcessingStoppingCondition.builder()
                                .maxRuntimeInSeconds((int) job.resources().maxRuntime().toSeconds())
                                .build())));
  }

  @Override
  public void startTraining(TrainingJob job) {
    List<Channel> channels =
        job.channels().entrySet().stream()
            .map(
                c ->
                    Channel.builder()
                        .channelName(c.getKey())
                        .dataSource(
                            DataSource.builder()
                                .s3DataSource(
                                    S3DataSource.builder()
                                        .s3Uri(c.getValue())
                                        .s3DataType(S3DataType.S3_PREFIX)
                                        .s3DataDistributionType(S3DataDistribution.FULLY_REPLICATED)
                                        .build())
                                .build())
                        .build())
            .toList();
    create(
        "CreateTrainingJob " + job.name(),
        () ->
            sageMaker.createTrainingJob(
                b ->
                    b.trainingJobName(job.name())
                        .roleArn(job.roleArn())
                        .algorithmSpecification(
                            AlgorithmSpecification.builder()
                                .trainingImage(job.image())
                                .trainingInputMode(TrainingInputMode.FILE)
                                .build())
                        .hyperParameters(Map.copyOf(job.hyperparameters()))
                        .inputDataConfig(channels)
                        .outputDataConfig(
                            OutputDataConfig.builder().s3OutputPath(job.outputPath()).build())
                        .resourceConfig(
                            ResourceConfig.builder()
                                .instanceType(
                                    TrainingInstanceType.fromValue(job.resources().instanceType()))
                                .instanceCount(job.resources().instanceCount())
                                .volumeSizeInGB(job.resources().volumeSizeGb())
                                .build())
                        .stoppingCondition(
                            StoppingCondition.builder()
                                .maxRuntimeInSeconds((int) job.resources().maxRuntime().toSeconds())
                                .build())));
  }

  private void create(String what, Runnable create) {
    try {
      AwsCalls.run(what, create);
    } catch (RuntimeException e) {
      if (SageMakerErrors.alreadyExists(e)) {
        // a previous attempt (possibly by a crashed instance) created it: adopt it
        LOG.infof("%s: the job exists already; adopting it", what);
        return;
      }
      throw e;
    }
  }

  @Override
  public JobState describeProcessing(String name) {
    return AwsCalls.call(
        "DescribeProcessingJob " + name,
        () -> {
          try {
            DescribeProcessingJobResponse d =
                sageMaker.describeProcessingJob(b -> b.processingJobName(name));
            String reason = d.failureReason() != null ? d.failureReason() : d.exitMessage();
            return new JobState(status(d.processingJobStatusAsString()), reason, null);
          } catch (RuntimeException e) {
            if (SageMakerErrors.notFound(e)) {
              return JobState.NOT_FOUND;
            }
            throw e;
          }
        });
  }

  @Override
  public JobState describeTraining(String name) {
    return AwsCalls.call(
        "DescribeTrainingJob " + name,
        () -> {
          try {
            DescribeTrainingJobResponse d =
                sageMaker.describeTrainingJob(b -> b.trainingJobName(name));
            String artifact =
                d.modelArtifacts() == null ? null : d.modelArtifacts().s3ModelArtifacts();
            return new JobState(status(d.trainingJobStatusAsString()), d.failureReason(), artifact);
          } catch (RuntimeException e) {
            if (SageMakerErrors.notFound(e)) {
              return JobState.NOT_FOUND;
            }
            throw e;
          }
        });
  }

  @Override
  public void stopProcessing(String name) {
    stop(
        "StopProcessingJob " + name,
        () -> sageMaker.stopProcessingJob(b -> b.processingJobName(name)));
  }

  @Override
  public void stopTraining(String name) {
    stop("StopTrainingJob " + name, () -> sageMaker.stopTrainingJob(b -> b.trainingJobName(name)));
  }

  private void stop(String what, Runnable stop) {
    try {
      AwsCalls.run(what, stop);
    } catch (RuntimeException e) {
      // a job that already ended or never started needs no stopping
      if (!SageMakerErrors.notFound(e) && !SageMakerErrors.isValidation(e)) {
        throw e;
      }
    }
  }

  private static Status status(String s) {
    return switch (s == null ? "" : s) {
      case "InProgress" -> Status.IN_PROGRESS;
      case "Stopping" -> Status.STOPPING;
      case "Completed" -> Status.COMPLETED;
      case "Failed" -> Status.FAILED;
      case "Stopped" -> Status.STOPPED;
      default -> Status.IN_PROGRESS;
    };
  }
}
