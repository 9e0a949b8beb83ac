package dev.mlops.drift.it;

import dev.mlops.localaws.testkit.LocalAwsProcess;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Plain SDK clients on the JVM's local-aws, for the tests' own side (orchestrator, clients). */
public final class LocalAwsClients {

  private LocalAwsClients() {}

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(LocalAwsProcess.ACCESS_KEY, LocalAwsProcess.SECRET_KEY));
  }

  public static SageMakerClient sageMaker(LocalAwsProcess aws) {
    return SageMakerClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.of(LocalAwsProcess.REGION))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static SageMakerRuntimeClient runtime(LocalAwsProcess aws) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.of(LocalAwsProcess.REGION))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static S3Client s3(LocalAwsProcess aws) {
    return S3Client.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.of(LocalAwsProcess.REGION))
        .credentialsProvider(credentials())
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static SqsClient sqs(LocalAwsProcess aws) {
    return SqsClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.of(LocalAwsProcess.REGION))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static SnsClient sns(LocalAwsProcess aws) {
    return SnsClient.builder()
        .endpointOverride(URI.create(aws.endpoint()))
        .region(Region.of(LocalAwsProcess.REGION))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
