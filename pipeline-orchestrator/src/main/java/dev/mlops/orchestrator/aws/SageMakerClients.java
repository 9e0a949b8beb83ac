package dev.mlops.orchestrator.aws;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * SageMaker (and Application Auto Scaling) have no Quarkus extension: their clients are built here
 * from {@code mlops.aws.*}, on the URL-connection HTTP client the amazon extensions already bring.
 * Credentials: the static ones of the S3 extension when it is configured with static credentials
 * (local-aws), else the default chain (the task role in AWS), so SageMaker always signs like the
 * other clients.
 */
@ApplicationScoped
public class SageMakerClients {

  private final AwsCredentialsProvider credentials;

  public SageMakerClients(
      @ConfigProperty(name = "quarkus.s3.aws.credentials.type") Optional<String> type,
      @ConfigProperty(name = "quarkus.s3.aws.credentials.static-provider.access-key-id")
          Optional<String> accessKey,
      @ConfigProperty(name = "quarkus.s3.aws.credentials.static-provider.secret-access-key")
          Optional<String> secretKey) {
    this.credentials =
        type.filter("static"::equalsIgnoreCase).isPresent()
                && accessKey.isPresent()
                && secretKey.isPresent()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKey.get(), secretKey.get()))
            : DefaultCredentialsProvider.builder().build();
  }

  @Produces
  @ApplicationScoped
  SageMakerClient sageMaker(OrchestratorConfig config) {
    return configure(SageMakerClient.builder(), config).build();
  }

  @Produces
  @ApplicationScoped
  SageMakerRuntimeClient runtime(OrchestratorConfig config) {
    return configure(SageMakerRuntimeClient.builder(), config).build();
  }

  /** Created on first use, which only happens with {@code mlops.autoscaling.enabled}. */
  @Produces
  @ApplicationScoped
  ApplicationAutoScalingClient autoscaling(OrchestratorConfig config) {
    return configure(ApplicationAutoScalingClient.builder(), config).build();
  }

  /** What every client here shares: HTTP client, region, credentials, timeout, local endpoint. */
  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, OrchestratorConfig config) {
    builder
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(config.aws().region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .apiCallTimeout(config.aws().apiCallTimeout())
                .build());
    config.aws().endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }

  void closeAutoscaling(@Disposes ApplicationAutoScalingClient client) {
    client.close();
  }

  void close(@Disposes SageMakerClient client) {
    client.close();
  }

  void closeRuntime(@Disposes SageMakerRuntimeClient client) {
    client.close();
  }
}
