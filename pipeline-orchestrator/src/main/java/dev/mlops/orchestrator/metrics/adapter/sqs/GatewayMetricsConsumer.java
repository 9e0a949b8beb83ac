package dev.mlops.orchestrator.metrics.adapter.sqs;

import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.orchestrator.aws.QueueLoop;
import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.metrics.GatewayWindows;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Consumes {@code gateway-metrics} into {@link GatewayWindows}. */
@Singleton
public class GatewayMetricsConsumer extends QueueLoop {

  private final GatewayWindows windows;
  private final OrchestratorConfig config;

  public GatewayMetricsConsumer(SqsClient sqs, GatewayWindows windows, OrchestratorConfig config) {
    super(
        sqs,
        config.queues().gatewayMetrics(),
        config.queues().waitTime(),
        config.queues().malformedVisibility());
    this.windows = windows;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.queues().consumersEnabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  @Override
  protected Disposition handle(String messageId, String body) {
    GatewayWindow w;
    try {
      w = GatewayWindow.parse(body.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return new Disposition.Malformed("not a gateway window: " + e.getMessage());
    }
    if (!GatewayWindow.TYPE.equals(w.type())
        || w.gatewayId() == null
        || w.variants() == null
        || w.windowStart() == null
        || w.windowEnd() == null) {
      return new Disposition.Malformed(
          "gateway window without type, gateway_id, window bounds or variants");
    }
    try {
      Instant.parse(w.windowStart());
      Instant.parse(w.windowEnd());
    } catch (DateTimeParseException e) {
      return new Disposition.Malformed("window bounds are not ISO-8601 instants");
    }
    for (GatewayWindow.VariantWindow v : w.variants()) {
      if (v.variant() == null || v.endpoint() == null) {
        return new Disposition.Malformed("variant window without variant or endpoint");
      }
    }
    windows.store(w);
    return new Disposition.Delete();
  }
}
