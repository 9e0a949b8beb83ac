package dev.mlops.orchestrator.deploy;

import java.time.Duration;

/**
 * Scales a prod endpoint's instances with its traffic: a scalable target on the variant's instance
 * count and a target-tracking policy on invocations per instance. Both calls are idempotent.
 */
public interface EndpointAutoscaling {

  /**
   * @param endpoint endpoint name
   * @param variant production variant name
   * @param minCapacity fewest instances
   * @param maxCapacity most instances
   * @param targetInvocationsPerInstance target of SageMakerVariantInvocationsPerInstance
   * @param scaleInCooldown wait after a scale-in
   * @param scaleOutCooldown wait after a scale-out
   */
  record Target(
      String endpoint,
      String variant,
      int minCapacity,
      int maxCapacity,
      double targetInvocationsPerInstance,
      Duration scaleInCooldown,
      Duration scaleOutCooldown) {}

  /** Registers the scalable target and puts the target-tracking policy (both upserts). */
  void register(Target target);

  /** Removes the policy and the scalable target; nothing if they are gone. */
  void deregister(String endpoint, String variant);
}
