package dev.mlops.localaws.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trained txhousing model in a local-aws, for tests that need an endpoint: the model container's
 * real preprocess and train jobs, run once per local-aws data folder (the jobs have fixed names, so
 * a second call, even from another JVM on the same folder, finds them and waits or reuses them).
 *
 * <pre>
 * String modelDataUrl = TxhousingModel.modelDataUrl(LocalAwsProcess.shared());
 * // s3://mlops-artifacts/testkit/models/testkit-txhousing-train/output/model.tar.gz
 * </pre>
 *
 * The data comes from {@code data/txhousing/} of this repository (found upwards from the working
 * directory).
 */
public final class TxhousingModel {

  public static final String IMAGE =
      "000000000000.dkr.ecr.us-east-1.amazonaws.com/mlops-model:latest";
  public static final String ROLE = "arn:aws:iam::000000000000:role/sagemaker";
  public static final String PREPROCESS_JOB = "testkit-txhousing-preprocess";
  public static final String TRAINING_JOB = "testkit-txhousing-train";

  /**
   * Where the preprocess job's outputs go: {@code train/}, {@code validation/}, {@code test/}, ...
   */
  public static final String PREPROCESSED = "s3://mlops-artifacts/testkit/preprocess";

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

  private TxhousingModel() {}

  /** The {@code model.tar.gz} URI, training it first if this local-aws has none. */
  public static synchronized String modelDataUrl(LocalAwsProcess aws) {
    String ep = aws.endpoint();
    HttpClient http = HttpClient.newHttpClient();
    String training = describe(http, ep, "DescribeTrainingJob", "TrainingJobName", TRAINING_JOB);
    if (training == null) {
      preprocess(http, ep);
      call(
          http,
          ep,
          "CreateTrainingJob",
          """
          {"TrainingJobName":"%s","RoleArn":"%s",
           "AlgorithmSpecification":{"TrainingImage":"%s","TrainingInputMode":"File"},
           "HyperParameters":{"num_round":"50","max_depth":"5"},
           "InputDataConfig":[%s,%s,%s,%s],
           "OutputDataConfig":{"S3OutputPath":"s3://mlops-artifacts/testkit/models"},
           "ResourceConfig":{"InstanceCount":1,"InstanceType":"ml.m5.large","VolumeSizeInGB":1},
           "StoppingCondition":{"MaxRuntimeInSeconds":3600}}"""
              .formatted(
                  TRAINING_JOB,
                  ROLE,
                  IMAGE,
                  channel("train"),
                  channel("validation"),
                  channel("schema"),
                  channel("baseline")),
          true);
    }
    String done =
        await(
            http, ep, "DescribeTrainingJob", "TrainingJobName", TRAINING_JOB, "TrainingJobStatus");
    Matcher m = Pattern.compile("\"S3ModelArtifacts\"\\s*:\\s*\"([^\"]+)\"").matcher(done);
    if (!m.find()) {
      throw new IllegalStateException("no model artifacts in " + done);
    }
    return m.group(1);
  }

  private static void preprocess(HttpClient http, String ep) {
    String existing =
        describe(http, ep, "DescribeProcessingJob", "ProcessingJobName", PREPROCESS_JOB);
    if (existing == null) {
      Path data = dataDir();
      put(
          http,
          ep,
          "/mlops-artifacts/testkit/input/data/txhousing.csv",
          data.resolve("txhousing.csv"),
          "text/csv");
      put(
          http,
          ep,
          "/mlops-artifacts/testkit/input/schema/schema.json",
          data.resolve("schema.json"),
          "application/json");
      call(
          http,
          ep,
          "CreateProcessingJob",
          """
          {"ProcessingJobName":"%s","RoleArn":"%s",
           "AppSpecification":{"ImageUri":"%s","ContainerArguments":["preprocess"]},
           "ProcessingResources":{"ClusterConfig":{"InstanceCount":1,"InstanceType":"ml.m5.large","VolumeSizeInGB":1}},
           "ProcessingInputs":[
             {"InputName":"data","S3Input":{"S3Uri":"s3://mlops-artifacts/testkit/input/data/","LocalPath":"/opt/ml/processing/input/data","S3DataType":"S3Prefix","S3InputMode":"File"}},
             {"InputName":"schema","S3Input":{"S3Uri":"s3://mlops-artifacts/testkit/input/schema/","LocalPath":"/opt/ml/processing/input/schema","S3DataType":"S3Prefix","S3InputMode":"File"}}],
           "ProcessingOutputConfig":{"Outputs":[%s,%s,%s,%s,%s]}}"""
              .formatted(
                  PREPROCESS_JOB,
                  ROLE,
                  IMAGE,
                  output("train"),
                  output("validation"),
                  output("test"),
                  output("baseline"),
                  output("schema")),
          true);
    }
    String done =
        await(
            http,
            ep,
            "DescribeProcessingJob",
            "ProcessingJobName",
            PREPROCESS_JOB,
            "ProcessingJobStatus");
    if (!status(done, "ProcessingJobStatus").equals("Completed")) {
      throw new IllegalStateException("the testkit's preprocess job failed: " + done);
    }
  }

  private static String channel(String name) {
    return "{\"ChannelName\":\"%s\",\"DataSource\":{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"%s/%s\"}}}"
        .formatted(name, PREPROCESSED, name);
  }

  private static String output(String name) {
    return "{\"OutputName\":\"%s\",\"S3Output\":{\"S3Uri\":\"%s/%s\",\"LocalPath\":\"/opt/ml/processing/output/%s\",\"S3UploadMode\":\"EndOfJob\"}}"
        .formatted(name, PREPROCESSED, name, name);
  }

  private static Path dataDir() {
    Path rel = Path.of("data", "txhousing", "txhousing.csv");
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(rel))) {
        return d.resolve(rel).getParent();
      }
    }
    throw new IllegalStateException(
        "cannot find " + rel + " above " + Path.of("").toAbsolutePath());
  }

  private static String await(
      HttpClient http, String ep, String action, String key, String name, String statusField) {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String d = describe(http, ep, action, key, name);
      String s = d == null ? "" : status(d, statusField);
      if (!s.equals("InProgress") && !s.equals("Stopping") && !s.isEmpty()) {
        if (!s.equals("Completed")) {
          throw new IllegalStateException(name + " ended " + s + ": " + d);
        }
        return d;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        name + " did not finish within " + JOB_TIMEOUT.toMinutes() + " min");
  }

  private static String status(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"(\\w+)\"").matcher(json);
    return m.find() ? m.group(1) : "";
  }

  /** The description, or null when the job does not exist. */
  private static String describe(
      HttpClient http, String ep, String action, String key, String name) {
    return call(http, ep, action, "{\"" + key + "\":\"" + name + "\"}", false);
  }

  private static String call(
      HttpClient http, String ep, String action, String json, boolean required) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(ep + "/"))
                  .header("X-Amz-Target", "SageMaker." + action)
                  .header("Content-Type", "application/x-amz-json-1.1")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return r.body();
      }
      if (!required && r.body().contains("ResourceNotFound")) {
        return null;
      }
      throw new IllegalStateException(
          "SageMaker." + action + " answered " + r.statusCode() + ": " + r.body());
    } catch (IOException e) {
      throw new IllegalStateException("SageMaker." + action + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void put(HttpClient http, String ep, String path, Path file, String type) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(ep + path))
                  .header("Content-Type", type)
                  .PUT(HttpRequest.BodyPublishers.ofFile(file))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "PUT " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("PUT " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
