package dev.mlops.gateway.metrics.rest;

import dev.mlops.gateway.GatewayBeans;
import dev.mlops.gateway.metrics.WindowPublisher;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * In Lambda nothing runs between invocations, so a due metrics window is sent at the end of a
 * request (one request per window pays for one SQS send); elsewhere a timer sends it and this
 * filter does nothing.
 */
public class MetricsFlushFilter {

  private final boolean enabled;
  private final WindowPublisher publisher;

  @Inject
  public MetricsFlushFilter(GatewayBeans beans, WindowPublisher publisher) {
    this.enabled = beans.flushInRequest();
    this.publisher = publisher;
  }

  @ServerResponseFilter
  public void flushWhenDue() {
    if (enabled) {
      publisher.flushIfDue();
    }
  }
}
