package dev.mlops.gateway.prediction;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.gateway.endpoint.EndpointCalls;
import dev.mlops.gateway.metrics.Outcome;
import dev.mlops.gateway.metrics.RequestMetrics;
import dev.mlops.gateway.model.DeployedModel;
import dev.mlops.gateway.model.ModelCatalog;
import dev.mlops.gateway.problem.GatewayException;
import dev.mlops.gateway.routing.Route;
import dev.mlops.gateway.routing.Variant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Copies of answered requests sent to the shadow endpoint from other threads; their answers are
 * recorded in the shadow variant's metrics and never returned. The caller's response never waits:
 * when {@code maxInFlight} copies are already out (or all shadow threads are busy) the copy is
 * dropped (and counted), not queued.
 */
public final class ShadowTraffic {

  private static final Logger LOG = Logger.getLogger(ShadowTraffic.class);

  private final Executor executor;
  private final ModelCatalog models;
  private final EndpointCalls endpoints;
  private final RequestMetrics metrics;
  private final LongSupplier clock;
  private final Semaphore inFlight;
  private volatile String lastSchemaMismatch;

  /**
   * @param executor a bounded pool that rejects work when full (it reads schemas, which may block)
   */
  public ShadowTraffic(
      Executor executor,
      int maxInFlight,
      ModelCatalog models,
      EndpointCalls endpoints,
      RequestMetrics metrics,
      LongSupplier nanoClock) {
    this.executor = executor;
    this.inFlight = new Semaphore(Math.max(1, maxInFlight));
    this.models = models;
    this.endpoints = endpoints;
    this.metrics = metrics;
    this.clock = nanoClock;
  }

  /** Sends a copy of the rows the primary model answered; returns at once. */
  public void send(RoutingPolicy policy, DeployedModel primary, InstanceSchema.Batch batch) {
    Route route = new Route(Variant.SHADOW, policy.shadow(), policy);
    if (!inFlight.tryAcquire()) {
      metrics.meters().shadowDropped("busy");
      return;
    }
    try {
      executor.execute(() -> call(route, primary, batch));
    } catch (RejectedExecutionException e) {
      inFlight.release();
      metrics.meters().shadowDropped("busy");
    }
  }

  /** Holds one in-flight permit, released when the copy is answered or dropped. */
  private void call(Route route, DeployedModel primary, InstanceSchema.Batch batch) {
    boolean sent = false;
    try {
      sent = send(route, primary, batch);
    } finally {
      if (!sent) {
        inFlight.release();
      }
    }
  }

  private boolean send(Route route, DeployedModel primary, InstanceSchema.Batch batch) {
    DeployedModel model;
    try {
      model = models.model(route.target());
    } catch (GatewayException e) {
      metrics.record(route, Outcome.UNAVAILABLE, -1, null);
      return false;
    }
    if (!model.instances().featureOrder().equals(primary.instances().featureOrder())) {
      // the rows would mean something else to it; re-encoding is not worth a shadow's while
      metrics.meters().shadowDropped("schema");
      if (!route.target().endpoint().equals(lastSchemaMismatch)) {
        lastSchemaMismatch = route.target().endpoint();
        LOG.warnf(
            "shadow endpoint %s reads other features than %s; no copies are sent to it",
            route.target().endpoint(), primary.schemaUri());
      }
      return false;
    }
    long start = clock.getAsLong();
    endpoints
        .invoke(route.target().endpoint(), batch.csv())
        .whenComplete(
            (answer, error) -> {
              try {
                record(route, batch, answer, error, clock.getAsLong() - start);
              } finally {
                inFlight.release();
              }
            });
    return true;
  }

  private void record(
      Route route, InstanceSchema.Batch batch, String answer, Throwable error, long latency) {
    if (error != null) {
      metrics.record(route, PredictionService.outcome(EndpointCalls.failure(error)), latency, null);
      return;
    }
    try {
      Predictions p = Predictions.parse(answer, batch.instances());
      metrics.record(route, Outcome.OK, latency, p.numbers());
    } catch (GatewayException e) {
      metrics.record(route, Outcome.MODEL, latency, null);
    }
  }
}
