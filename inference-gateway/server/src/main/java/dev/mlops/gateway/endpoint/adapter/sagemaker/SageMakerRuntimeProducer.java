package dev.mlops.gateway.endpoint.adapter.sagemaker;

import dev.mlops.gateway.GatewayConfig;
import dev.mlops.gateway.endpoint.ModelEndpoint;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;

/**
 * How the gateway calls SageMaker Runtime (there is no Quarkus extension for it): one pooled HTTP
 * client with a socket timeout and keep-alive, credentials from the default chain, {@code
 * mlops.aws.endpoint-override} locally, and either the lean signed call ({@link
 * SignedModelEndpoint}, the default) or the SDK's client ({@link SageMakerModelEndpoint}) on top.
 */
@ApplicationScoped
public class SageMakerRuntimeProducer {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  // the SDK does not close an HTTP client it was handed
  private SdkHttpClient http;
  private SageMakerRuntimeClient sdk;

  @Produces
  @Singleton
  ModelEndpoint modelEndpoint(GatewayConfig config) {
    GatewayConfig.Endpoint endpoint = config.gateway().endpoint();
    Duration timeout = endpoint.timeout();
    http =
        switch (config.aws().httpClient()) {
          case APACHE ->
              ApacheHttpClient.builder()
                  .maxConnections(config.aws().maxConnections())
                  .connectionTimeout(CONNECT_TIMEOUT)
                  .socketTimeout(timeout)
                  .tcpKeepAlive(true)
                  .useIdleConnectionReaper(true)
                  .build();
          case URL_CONNECTION ->
              UrlConnectionHttpClient.builder()
                  .connectionTimeout(CONNECT_TIMEOUT)
                  .socketTimeout(timeout)
                  .build();
        };
    DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    String region = config.aws().region();
    return switch (endpoint.client()) {
      case SIGNED ->
          new SignedModelEndpoint(
              http,
              credentials,
              config.aws().endpointOverride().orElse(SignedModelEndpoint.runtimeUrl(region)),
              region,
              timeout,
              endpoint.maxAttempts());
      case SDK -> {
        SageMakerRuntimeClientBuilder builder =
            SageMakerRuntimeClient.builder()
                .httpClient(http)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(
                    o ->
                        o.apiCallTimeout(timeout)
                            .retryStrategy(
                                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                    .maxAttempts(Math.max(1, endpoint.maxAttempts()))
                                    .build()));
        config.aws().endpointOverride().ifPresent(builder::endpointOverride);
        sdk = builder.build();
        yield new SageMakerModelEndpoint(sdk);
      }
    };
  }

  @PreDestroy
  void close() {
    if (sdk != null) {
      sdk.close();
    }
    if (http != null) {
      http.close();
    }
  }
}
