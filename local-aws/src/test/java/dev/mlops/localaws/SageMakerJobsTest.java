package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

@org.junit.jupiter.api.extension.ExtendWith(Clients.Shared.class)
class SageMakerJobsTest {

  static LocalAws aws;
  static SageMakerClient sm;
  static S3Client s3;

  @BeforeAll
  static void start() {
    aws = Clients.shared();
    sm = Clients.sageMaker(aws);
    s3 = Clients.s3(aws);
  }

  @AfterAll
  static void closeClients() {
    sm.close();
    s3.close();
  }

  @Test
  void preprocessAndTrainRunTheModelContainerAndLeaveModelTarGzInS3() throws Exception {
    String modelUri = TrainedModel.modelUri(aws);
    assertThat(modelUri)
        .isEqualTo(
            "s3://mlops-artifacts/models/" + TrainedModel.TRAINING_JOB + "/output/model.tar.gz");

    List<String> preprocessed =
        s3
            .listObjectsV2(b -> b.bucket("mlops-artifacts").prefix("runs/1/preprocess/"))
            .contents()
            .stream()
            .map(S3Object::key)
            .toList();
    assertThat(preprocessed)
        .contains(
            "runs/1/preprocess/baseline/statistics.json",
            "runs/1/preprocess/baseline/constraints.json",
            "runs/1/preprocess/schema/schema.json")
        .anyMatch(k -> k.startsWith("runs/1/preprocess/train/") && k.endsWith(".csv"));

    byte[] tarGz =
        s3.getObjectAsBytes(
                b ->
                    b.bucket("mlops-artifacts")
                        .key(modelUri.substring("s3://mlops-artifacts/".length())))
            .asByteArray();
    List<String> entries = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.add(e.getName());
      }
    }
    assertThat(entries).contains("model.json", "schema.json");

    DescribeTrainingJobResponse t =
        sm.describeTrainingJob(b -> b.trainingJobName(TrainedModel.TRAINING_JOB));
    assertThat(t.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
    assertThat(t.secondaryStatus()).isEqualTo(SecondaryStatus.COMPLETED);
    assertThat(t.trainingJobArn())
        .isEqualTo("arn:aws:sagemaker:us-east-1:000000000000:training-job/txhousing-train-1");
    assertThat(t.creationTime()).isBeforeOrEqualTo(t.trainingStartTime());
    assertThat(t.trainingStartTime()).isBeforeOrEqualTo(t.trainingEndTime());
    assertThat(t.hyperParameters()).containsEntry("num_round", "30");
    assertThat(t.secondaryStatusTransitions())
        .extracting(s -> s.statusAsString())
        .containsSubsequence("Starting", "Downloading", "Training", "Uploading", "Completed");
    assertThat(t.finalMetricDataList())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.metricName()).isEqualTo("validation:rmse");
              assertThat(m.value()).isPositive();
            });
    Path log = aws.dataDir().resolve("sagemaker/jobs/" + TrainedModel.TRAINING_JOB + "/job.log");
    assertThat(Files.readString(log)).contains("validation:rmse=");

    DescribeProcessingJobResponse p =
        sm.describeProcessingJob(b -> b.processingJobName(TrainedModel.PREPROCESS_JOB));
    assertThat(p.processingJobStatus()).isEqualTo(ProcessingJobStatus.COMPLETED);
    assertThat(p.processingEndTime()).isAfterOrEqualTo(p.processingStartTime());

    assertThat(sm.listTrainingJobs(b -> b.nameContains("txhousing-train")).trainingJobSummaries())
        .extracting(s -> s.trainingJobName())
        .contains(TrainedModel.TRAINING_JOB);
    assertThat(
            sm.listProcessingJobs(b -> b.statusEquals(ProcessingJobStatus.COMPLETED))
                .processingJobSummaries())
        .extracting(s -> s.processingJobName())
        .contains(TrainedModel.PREPROCESS_JOB);
  }

  @Test
  void aFailingTrainingJobReportsTheContainersFailureReason() {
    String base = "s3://mlops-artifacts/runs/1/preprocess/";
    TrainedModel.modelUri(aws);
    sm.createTrainingJob(
        b ->
            b.trainingJobName("txhousing-bad-hyperparameters")
                .roleArn(TrainedModel.ROLE)
                .algorithmSpecification(
                    a -> a.trainingImage(TrainedModel.IMAGE).trainingInputMode("File"))
                .hyperParameters(Map.of("num_rounds_typo", "10"))
                .inputDataConfig(
                    TrainedModel.channel("train", base + "train"),
                    TrainedModel.channel("validation", base + "validation"),
                    TrainedModel.channel("schema", base + "schema"))
                .outputDataConfig(o -> o.s3OutputPath("s3://mlops-artifacts/models"))
                .resourceConfig(
                    r -> r.instanceCount(1).instanceType("ml.m5.large").volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
    DescribeTrainingJobResponse t = TrainedModel.awaitTraining(sm, "txhousing-bad-hyperparameters");
    assertThat(t.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
    assertThat(t.failureReason()).contains("num_rounds_typo").doesNotContain("exit code");
    assertThat(t.modelArtifacts()).isNull();
  }

  @Test
  void aFailingProcessingJobReportsItsExitMessage() {
    sm.createProcessingJob(
        b ->
            b.processingJobName("preprocess-without-data")
                .roleArn(TrainedModel.ROLE)
                .appSpecification(
                    a -> a.imageUri(TrainedModel.IMAGE).containerArguments("preprocess"))
                .processingResources(
                    r ->
                        r.clusterConfig(
                            c ->
                                c.instanceCount(1).instanceType("ml.m5.large").volumeSizeInGB(1))));
    DescribeProcessingJobResponse p = TrainedModel.awaitProcessing(sm, "preprocess-without-data");
    assertThat(p.processingJobStatus()).isEqualTo(ProcessingJobStatus.FAILED);
    assertThat(p.failureReason()).isNotBlank();
    assertThat(p.exitMessage()).isEqualTo(p.failureReason());
  }

  @Test
  void stopTrainingJobKillsTheProcess() {
    sm.createTrainingJob(
        b ->
            b.trainingJobName("runs-until-stopped")
                .roleArn(TrainedModel.ROLE)
                .algorithmSpecification(
                    a -> a.trainingImage("local/sleeper:latest").trainingInputMode("File"))
                .outputDataConfig(o -> o.s3OutputPath("s3://mlops-artifacts/models"))
                .resourceConfig(
                    r -> r.instanceCount(1).instanceType("ml.m5.large").volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                sm.describeTrainingJob(b -> b.trainingJobName("runs-until-stopped"))
                        .secondaryStatus()
                    == SecondaryStatus.TRAINING);
    sm.stopTrainingJob(b -> b.trainingJobName("runs-until-stopped"));
    DescribeTrainingJobResponse t = TrainedModel.awaitTraining(sm, "runs-until-stopped");
    assertThat(t.trainingJobStatus()).isEqualTo(TrainingJobStatus.STOPPED);
  }

  @Test
  void badRequestsGetAwsShapedErrors() throws Exception {
    assertThatThrownBy(() -> sm.describeTrainingJob(b -> b.trainingJobName("no-such-job")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(
            () ->
                sm.createTrainingJob(
                    b ->
                        b.trainingJobName("missing-role")
                            .algorithmSpecification(
                                a -> a.trainingImage(TrainedModel.IMAGE).trainingInputMode("File"))
                            .outputDataConfig(o -> o.s3OutputPath("s3://mlops-artifacts/models"))
                            .resourceConfig(
                                r ->
                                    r.instanceCount(1)
                                        .instanceType("ml.m5.large")
                                        .volumeSizeInGB(1))
                            .stoppingCondition(s -> s.maxRuntimeInSeconds(600))))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage()).contains("roleArn");
            });
    sm.createTrainingJob(
        b ->
            b.trainingJobName("duplicate-name")
                .roleArn(TrainedModel.ROLE)
                .algorithmSpecification(
                    a -> a.trainingImage("local/broken:latest").trainingInputMode("File"))
                .outputDataConfig(o -> o.s3OutputPath("s3://mlops-artifacts/models"))
                .resourceConfig(
                    r -> r.instanceCount(1).instanceType("ml.m5.large").volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
    assertThatThrownBy(
            () ->
                sm.createTrainingJob(
                    b ->
                        b.trainingJobName("duplicate-name")
                            .roleArn(TrainedModel.ROLE)
                            .algorithmSpecification(
                                a ->
                                    a.trainingImage("local/broken:latest")
                                        .trainingInputMode("File"))
                            .outputDataConfig(o -> o.s3OutputPath("s3://mlops-artifacts/models"))
                            .resourceConfig(
                                r ->
                                    r.instanceCount(1)
                                        .instanceType("ml.m5.large")
                                        .volumeSizeInGB(1))
                            .stoppingCondition(s -> s.maxRuntimeInSeconds(600))))
        .isInstanceOf(ResourceInUseException.class);
    DescribeTrainingJobResponse broken = TrainedModel.awaitTraining(sm, "duplicate-name");
    assertThat(broken.failureReason()).isEqualTo("exit code 3");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(URI.create(aws.endpoint() + "/"))
                .header("X-Amz-Target", "SageMaker.CreateHyperParameterTuningJob")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(400);
    JsonNode body = Json.mapper().readTree(unknown.body());
    assertThat(body.get("__type").asText()).isEqualTo("UnknownOperationException");
    assertThat(body.get("message").asText()).contains("CreateHyperParameterTuningJob");

    HttpResponse<String> malformed =
        http.send(
            HttpRequest.newBuilder(URI.create(aws.endpoint() + "/"))
                .header("X-Amz-Target", "SageMaker.DescribeEndpoint")
                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(malformed.body()).get("__type").asText())
        .isEqualTo("SerializationException");
  }
}
