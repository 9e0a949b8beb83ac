package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A restart keeps S3 objects, database rows, SQS messages (and queues), SageMaker resources, and
 * starts the endpoints again; a job that was running fails with a reason.
 */
class RestartTest {

  @TempDir Path dir;

  byte[] model;
  String modelUri;

  private static String key(String s3Uri) {
    return s3Uri.substring("s3://mlops-artifacts/".length());
  }

  @Test
  void restartKeepsObjectsRowsMessagesAndEndpoints() throws Exception {
    LocalAwsOptions options = Clients.testOptions(dir);
    try (LocalAws aws = LocalAws.start(options);
        S3Client s3 = Clients.s3(aws);
        SqsClient sqs = Clients.sqs(aws);
        SageMakerClient sm = Clients.sageMaker(aws);
        SageMakerRuntimeClient runtime = Clients.runtime(aws);
        Connection c =
            DriverManager.getConnection(aws.jdbcUrl("orchestrator"), "postgres", "postgres");
        Statement s = c.createStatement()) {
      modelUri = TrainedModel.modelUri(aws);
      model =
          s3.getObjectAsBytes(b -> b.bucket("mlops-artifacts").key(key(modelUri))).asByteArray();
      String q = sqs.createQueue(b -> b.queueName("durable")).queueUrl();
      sqs.sendMessage(b -> b.queueUrl(q).messageBody("survives"));
      sqs.sendMessage(
          b ->
              b.queueUrl(sqs.getQueueUrl(g -> g.queueName("gateway-metrics")).queueUrl())
                  .messageBody("metrics"));
      s.execute("CREATE TABLE runs (id text primary key)");
      s.execute("INSERT INTO runs VALUES ('run-1')");

      sm.createModel(
          b ->
              b.modelName("m1")
                  .executionRoleArn(TrainedModel.ROLE)
                  .primaryContainer(p -> p.image(TrainedModel.IMAGE).modelDataUrl(modelUri)));
      sm.createEndpointConfig(
          b ->
              b.endpointConfigName("m1-config")
                  .productionVariants(SageMakerEndpointsTest.variant("main", "m1", 1f, 1)));
      sm.createEndpoint(b -> b.endpointName("survivor").endpointConfigName("m1-config"));
      awaitInService(sm);
      sm.createTrainingJob(
          b ->
              b.trainingJobName("interrupted")
                  .roleArn(TrainedModel.ROLE)
                  .algorithmSpecification(
                      a -> a.trainingImage("local/sleeper:latest").trainingInputMode("File"))
                  .outputDataConfig(o -> o.s3OutputPath("s3://mlops-artifacts/models"))
                  .resourceConfig(
                      r -> r.instanceCount(1).instanceType("ml.m5.large").volumeSizeInGB(1))
                  .stoppingCondition(x -> x.maxRuntimeInSeconds(600)));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sm.describeTrainingJob(b -> b.trainingJobName("interrupted")).secondaryStatus()
                      == SecondaryStatus.TRAINING);
      assertThat(invoke(runtime)).isPositive();
    }

    try (LocalAws aws = LocalAws.start(options);
        S3Client s3 = Clients.s3(aws);
        SqsClient sqs = Clients.sqs(aws);
        SageMakerClient sm = Clients.sageMaker(aws);
        SageMakerRuntimeClient runtime = Clients.runtime(aws);
        Connection c =
            DriverManager.getConnection(aws.jdbcUrl("orchestrator"), "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM runs")) {
      assertThat(
              s3.getObjectAsBytes(b -> b.bucket("mlops-artifacts").key(key(modelUri)))
                  .asByteArray())
          .isEqualTo(model);
      String q = sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl();
      assertThat(S3StandInTest.receive(sqs, q, 1).get(0).body()).isEqualTo("survives");
      String metrics = sqs.getQueueUrl(b -> b.queueName("gateway-metrics")).queueUrl();
      assertThat(S3StandInTest.receive(sqs, metrics, 1).get(0).body()).isEqualTo("metrics");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("run-1");

      DescribeTrainingJobResponse job =
          sm.describeTrainingJob(b -> b.trainingJobName("interrupted"));
      assertThat(job.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
      assertThat(job.failureReason()).contains("local-aws restarted");
      assertThat(sm.describeModel(b -> b.modelName("m1")).primaryContainer().modelDataUrl())
          .endsWith("model.tar.gz");
      awaitInService(sm);
      assertThat(invoke(runtime)).isPositive();
    }
  }

  private static void awaitInService(SageMakerClient sm) {
    DescribeEndpointResponse d =
        Awaitility.await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> sm.describeEndpoint(b -> b.endpointName("survivor")),
                x ->
                    x.endpointStatus() == EndpointStatus.IN_SERVICE
                        || x.endpointStatus() == EndpointStatus.FAILED);
    assertThat(d.endpointStatus()).as("%s", d.failureReason()).isEqualTo(EndpointStatus.IN_SERVICE);
  }

  private static double invoke(SageMakerRuntimeClient runtime) {
    return Double.parseDouble(
        runtime
            .invokeEndpoint(
                b ->
                    b.endpointName("survivor")
                        .contentType("text/csv")
                        .body(SdkBytes.fromUtf8String(SageMakerEndpointsTest.ROW)))
            .body()
            .asUtf8String()
            .trim());
  }
}
