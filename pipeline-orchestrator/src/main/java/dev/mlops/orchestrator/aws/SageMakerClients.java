package dev.mlops.orchestrator.aws;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * SageMaker has no Quarkus extension: its clients are built here from {@code mlops.aws.*}, on the
 * URL-connection HTTP client the amazon extensions already bring, with the default credentials
 * chain.
 */
@ApplicationScoped
public class SageMakerClients {

  @Produces
  @ApplicationScoped
  SageMakerClient sageMaker(OrchestratorConfig config) {
    var b =
        SageMakerClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(config.aws().region()))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallTimeout(config.aws().apiCallTimeout())
                    .build());
    config.aws().endpointOverride().ifPresent(b::endpointOverride);
    return b.build();
  }

  @Produces
  @ApplicationScoped
  SageMakerRuntimeClient runtime(OrchestratorConfig config) {
    var b =
        SageMakerRuntimeClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(config.aws().region()))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallTimeout(config.aws().apiCallTimeout())
                    .build());
    config.aws().endpointOverride().ifPresent(b::endpointOverride);
    return b.build();
  }

  void close(@Disposes SageMakerClient client) {
    client.close();
  }

  void closeRuntime(@Disposes SageMakerRuntimeClient client) {
    client.close();
  }
}
