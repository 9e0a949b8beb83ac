package dev.mlops.gateway.endpoint.adapter.sagemaker;

import dev.mlops.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
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
 * The SageMaker Runtime client (there is no Quarkus extension for it): default credentials chain,
 * {@code mlops.aws.endpoint-override} locally, a keep-alive connection pool, a whole-call timeout
 * and few retries, because a caller is waiting.
 */
@ApplicationScoped
public class SageMakerRuntimeProducer {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  // the SDK does not close an HTTP client it was handed
  private SdkHttpClient http;

  @Produces
  @Singleton
  SageMakerRuntimeClient sageMakerRuntime(GatewayConfig config) {
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
    SageMakerRuntimeClientBuilder builder =
        SageMakerRuntimeClient.builder()
            .httpClient(http)
            .region(Region.of(config.aws().region()))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(timeout)
                        .retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(Math.max(1, endpoint.maxAttempts()))
                                .build()));
    config.aws().endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  void close(@Disposes SageMakerRuntimeClient client) {
    client.close();
    if (http != null) {
      http.close();
    }
  }
}
