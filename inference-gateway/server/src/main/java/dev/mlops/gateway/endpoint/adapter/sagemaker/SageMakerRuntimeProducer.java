package dev.mlops.gateway.endpoint.adapter.sagemaker;

import dev.mlops.gateway.GatewayConfig;
import dev.mlops.gateway.endpoint.ModelEndpoint;
import io.vertx.core.Vertx;
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
 * How the gateway calls SageMaker Runtime (there is no Quarkus extension for it): credentials from
 * the default chain, {@code mlops.aws.endpoint-override} locally, and either the lean signed call
 * on Vert.x's non-blocking HTTP client ({@link SignedModelEndpoint}, the default) or the SDK's
 * client on one pooled, blocking HTTP client with a socket timeout and keep-alive ({@link
 * SageMakerModelEndpoint}).
 */
@ApplicationScoped
public class SageMakerRuntimeProducer {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  // the SDK does not close an HTTP client it was handed
  private SdkHttpClient http;
  private SageMakerRuntimeClient sdk;
  private SignedModelEndpoint signed;
  private DefaultCredentialsProvider credentials;

  @Produces
  @Singleton
  ModelEndpoint modelEndpoint(GatewayConfig config, Vertx vertx) {
    GatewayConfig.Endpoint endpoint = config.gateway().endpoint();
    Duration timeout = endpoint.timeout();
    credentials = DefaultCredentialsProvider.builder().build();
    String region = config.aws().region();
    if (endpoint.client() == GatewayConfig.Endpoint.Client.SIGNED) {
      signed =
          new SignedModelEndpoint(
              vertx,
              credentials,
              config.aws().endpointOverride().orElse(SignedModelEndpoint.runtimeUrl(region)),
              region,
              timeout,
              endpoint.maxAttempts(),
              config.aws().maxConnections());
      return signed;
    }
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
    return new SageMakerModelEndpoint(sdk);
  }

  @PreDestroy
  void close() {
    if (signed != null) {
      signed.close();
    }
    if (credentials != null) {
      credentials.close();
    }
    if (sdk != null) {
      sdk.close();
    }
    if (http != null) {
      http.close();
    }
  }
}
