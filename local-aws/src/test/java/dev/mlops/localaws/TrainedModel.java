package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AppSpecification;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Preprocesses txhousing and trains one model with the real model container, once per shared
 * local-aws: the jobs test checks what it did, the endpoint tests serve its model.
 */
final class TrainedModel {

  static final String IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/mlops-model:latest";
  static final String ROLE = "arn:aws:iam::000000000000:role/sagemaker";
  static final String PREPROCESS_JOB = "txhousing-preprocess-1";
  static final String TRAINING_JOB = "txhousing-train-1";

  private static final java.util.Map<LocalAws, String> MODELS = new java.util.HashMap<>();

  private TrainedModel() {}

  /** The model.tar.gz URI, after running both jobs the first time for this local-aws. */
  static synchronized String modelUri(LocalAws aws) {
    String known = MODELS.get(aws);
    if (known != null) {
      return known;
    }
    Path data = Path.of(System.getProperty("localaws.repo.root", "..")).resolve("data/txhousing");
    try (S3Client s3 = Clients.s3(aws);
        SageMakerClient sm = Clients.sageMaker(aws)) {
      s3.putObject(
          b -> b.bucket("mlops-artifacts").key("inputs/txhousing/data/txhousing.csv"),
          RequestBody.fromFile(data.resolve("txhousing.csv")));
      s3.putObject(
          b -> b.bucket("mlops-artifacts").key("inputs/txhousing/schema/schema.json"),
          RequestBody.fromFile(data.resolve("schema.json")));
      String base = "s3://mlops-artifacts/runs/1/preprocess/";
      sm.createProcessingJob(
          b ->
              b.processingJobName(PREPROCESS_JOB)
                  .roleArn(ROLE)
                  .appSpecification(
                      AppSpecification.builder()
                          .imageUri(IMAGE)
                          .containerArguments("preprocess")
                          .build())
                  .processingResources(
                      r ->
                          r.clusterConfig(
                              c ->
                                  c.instanceCount(1).instanceType("ml.m5.large").volumeSizeInGB(1)))
                  .processingInputs(
                      input(
                          "data",
                          "s3://mlops-artifacts/inputs/txhousing/data/",
                          "/opt/ml/processing/input/data"),
                      input(
                          "schema",
                          "s3://mlops-artifacts/inputs/txhousing/schema/",
                          "/opt/ml/processing/input/schema"))
                  .processingOutputConfig(
                      o ->
                          o.outputs(
                              output("train", base + "train", "/opt/ml/processing/output/train"),
                              output(
                                  "validation",
                                  base + "validation",
                                  "/opt/ml/processing/output/validation"),
                              output("test", base + "test", "/opt/ml/processing/output/test"),
                              output(
                                  "baseline",
                                  base + "baseline",
                                  "/opt/ml/processing/output/baseline"),
                              output(
                                  "schema", base + "schema", "/opt/ml/processing/output/schema"))));
      DescribeProcessingJobResponse p = awaitProcessing(sm, PREPROCESS_JOB);
      assertThat(p.processingJobStatus())
          .as("preprocess: %s (log %s)", p.failureReason(), aws.dataDir())
          .isEqualTo(ProcessingJobStatus.COMPLETED);

      sm.createTrainingJob(
          b ->
              b.trainingJobName(TRAINING_JOB)
                  .roleArn(ROLE)
                  .algorithmSpecification(
                      a ->
                          a.trainingImage(IMAGE)
                              .trainingInputMode("File")
                              .metricDefinitions(
                                  m ->
                                      m.name("validation:rmse")
                                          .regex("validation:rmse=([0-9\\.]+)")))
                  .hyperParameters(Map.of("num_round", "30", "max_depth", "4"))
                  .inputDataConfig(
                      channel("train", base + "train"),
                      channel("validation", base + "validation"),
                      channel("schema", base + "schema"),
                      channel("baseline", base + "baseline"))
                  .outputDataConfig(o -> o.s3OutputPath("s3://mlops-artifacts/models"))
                  .resourceConfig(
                      r -> r.instanceCount(1).instanceType("ml.m5.large").volumeSizeInGB(1))
                  .stoppingCondition(s -> s.maxRuntimeInSeconds(3600)));
      DescribeTrainingJobResponse t = awaitTraining(sm, TRAINING_JOB);
      assertThat(t.trainingJobStatus())
          .as("train: %s", t.failureReason())
          .isEqualTo(TrainingJobStatus.COMPLETED);
      String modelUri = t.modelArtifacts().s3ModelArtifacts();
      MODELS.put(aws, modelUri);
      return modelUri;
    }
  }

  static ProcessingInput input(String name, String uri, String local) {
    return ProcessingInput.builder()
        .inputName(name)
        .s3Input(s -> s.s3Uri(uri).localPath(local).s3DataType("S3Prefix").s3InputMode("File"))
        .build();
  }

  static ProcessingOutput output(String name, String uri, String local) {
    return ProcessingOutput.builder()
        .outputName(name)
        .s3Output(s -> s.s3Uri(uri).localPath(local).s3UploadMode("EndOfJob"))
        .build();
  }

  static software.amazon.awssdk.services.sagemaker.model.Channel channel(String name, String uri) {
    return software.amazon.awssdk.services.sagemaker.model.Channel.builder()
        .channelName(name)
        .dataSource(
            d ->
                d.s3DataSource(
                    s ->
                        s.s3Uri(uri)
                            .s3DataType("S3Prefix")
                            .s3DataDistributionType("FullyReplicated")))
        .build();
  }

  static DescribeTrainingJobResponse awaitTraining(SageMakerClient sm, String name) {
    return Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> sm.describeTrainingJob(b -> b.trainingJobName(name)),
            d ->
                d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS
                    && d.trainingJobStatus() != TrainingJobStatus.STOPPING);
  }

  static DescribeProcessingJobResponse awaitProcessing(SageMakerClient sm, String name) {
    return Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> sm.describeProcessingJob(b -> b.processingJobName(name)),
            d ->
                d.processingJobStatus() != ProcessingJobStatus.IN_PROGRESS
                    && d.processingJobStatus() != ProcessingJobStatus.STOPPING);
  }
}
