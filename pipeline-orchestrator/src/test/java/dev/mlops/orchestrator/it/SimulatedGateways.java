package dev.mlops.orchestrator.it;

import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.orchestrator.canary.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Two gateways as the orchestrator sees them: each call reads the routing policy the orchestrator
 * wrote to S3, splits a batch of simulated requests by its canary weight, and sends the per-variant
 * window to the {@code gateway-metrics} queue, alternating the gateway id so that the analysis
 * merges the windows of several gateways. Predictions look like txhousing medians.
 */
final class SimulatedGateways {

  /** How the canary's model behaves. */
  enum Canary {
    /** Like the stable one. */
    HEALTHY,
    /** A quarter of its requests end in a model error (HTTP 502 at the gateway). */
    MODEL_ERRORS,
    /** Answers the same number to everything. */
    CONSTANT
  }

  private final SqsClient sqs;
  private final S3Client s3;
  private final String queue;
  private final Random random = new Random(11);
  private Instant last = Instant.now();

  SimulatedGateways(SqsClient sqs, S3Client s3) {
    this.sqs = sqs;
    this.s3 = s3;
    this.queue = sqs.getQueueUrl(b -> b.queueName("gateway-metrics")).queueUrl();
  }

  /** The policy the gateways read now. */
  RoutingPolicy policy() {
    return RoutingPolicy.parse(
        s3.getObjectAsBytes(b -> b.bucket("mlops-artifacts").key(RoutingPolicy.KEY)).asByteArray());
  }

  /**
   * One window from each gateway since the previous call, {@code requests} requests in all, split
   * by the policy's canary weight.
   */
  void send(int requests, Canary behaviour) {
    RoutingPolicy p = policy();
    Instant now = Instant.now();
    for (String gateway : List.of("it-gateway-a", "it-gateway-b")) {
      int share = requests / 2;
      int toCanary = p.canary() == null ? 0 : (int) Math.round(share * p.canaryWeight());
      int toStable = share - toCanary;
      List<GatewayWindow.VariantWindow> variants = new ArrayList<>();
      if (toStable > 0) {
        Windows stable =
            Windows.of("stable", p.stable().endpoint(), p.stable().modelVersion())
                .requests(toStable, 12, 180_000, 60_000, random);
        stable.error("client", 0); // somebody's malformed request: never counted against a model
        variants.add(stable.build());
      }
      if (toCanary > 0) {
        variants.add(canary(p, toCanary, behaviour).build());
      }
      GatewayWindow w =
          new GatewayWindow(
              GatewayWindow.TYPE, gateway, last.toString(), now.toString(), p.version(), variants);
      sqs.sendMessage(b -> b.queueUrl(queue).messageBody(w.toJson()));
    }
    last = now;
  }

  private Windows canary(RoutingPolicy p, int n, Canary behaviour) {
    Windows canary = Windows.of("canary", p.canary().endpoint(), p.canary().modelVersion());
    switch (behaviour) {
      case HEALTHY -> canary.requests(n, 12, 180_000, 60_000, random);
      case CONSTANT -> canary.requests(n, 12, 151_234, 0, random);
      case MODEL_ERRORS -> {
        int errors = Math.max(1, n / 4);
        canary.requests(n - errors, 12, 180_000, 60_000, random);
        for (int i = 0; i < errors; i++) {
          canary.error("model", 3);
        }
      }
    }
    return canary;
  }
}
