package dev.mlops.orchestrator.deploy.adapter.autoscaling;

import dev.mlops.orchestrator.aws.AwsCalls;
import dev.mlops.orchestrator.deploy.EndpointAutoscaling;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * {@link EndpointAutoscaling} on Application Auto Scaling: the SageMaker variant's desired instance
 * count as the scalable target, and a target-tracking policy on the predefined metric
 * SageMakerVariantInvocationsPerInstance (what the seed's CloudFormation set up).
 */
@ApplicationScoped
public class ApplicationAutoScalingEndpoints implements EndpointAutoscaling {

  private static final Logger LOG = Logger.getLogger(ApplicationAutoScalingEndpoints.class);

  private final ApplicationAutoScalingClient client;

  public ApplicationAutoScalingEndpoints(ApplicationAutoScalingClient client) {
    this.client = client;
  }

  /** Application Auto Scaling's name of a SageMaker variant. */
  static String resourceId(String endpoint, String variant) {
    return "endpoint/" + endpoint + "/variant/" + variant;
  }

  /** One policy per endpoint, named after it. */
  static String policyName(String endpoint) {
    return endpoint + "-invocations-per-instance";
  }

  static RegisterScalableTargetRequest registerRequest(Target t) {
    return RegisterScalableTargetRequest.builder()
        .serviceNamespace(ServiceNamespace.SAGEMAKER)
        .resourceId(resourceId(t.endpoint(), t.variant()))
        .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)
        .minCapacity(t.minCapacity())
        .maxCapacity(t.maxCapacity())
        .build();
  }

  static PutScalingPolicyRequest policyRequest(Target t) {
    return PutScalingPolicyRequest.builder()
        .policyName(policyName(t.endpoint()))
        .serviceNamespace(ServiceNamespace.SAGEMAKER)
        .resourceId(resourceId(t.endpoint(), t.variant()))
        .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(
            TargetTrackingScalingPolicyConfiguration.builder()
                .targetValue(t.targetInvocationsPerInstance())
                .predefinedMetricSpecification(
                    PredefinedMetricSpecification.builder()
                        .predefinedMetricType(
                            MetricType.SAGE_MAKER_VARIANT_INVOCATIONS_PER_INSTANCE)
                        .build())
                .scaleInCooldown(Math.toIntExact(t.scaleInCooldown().toSeconds()))
                .scaleOutCooldown(Math.toIntExact(t.scaleOutCooldown().toSeconds()))
                .build())
        .build();
  }

  @Override
  public void register(Target target) {
    AwsCalls.run(
        "RegisterScalableTarget " + target.endpoint(),
        () -> client.registerScalableTarget(registerRequest(target)));
    AwsCalls.run(
        "PutScalingPolicy " + target.endpoint(),
        () -> client.putScalingPolicy(policyRequest(target)));
    LOG.infof(
        "autoscaling of %s: %d-%d instances at %.0f invocations per instance",
        target.endpoint(),
        target.minCapacity(),
        target.maxCapacity(),
        target.targetInvocationsPerInstance());
  }

  @Override
  public void deregister(String endpoint, String variant) {
    String resource = resourceId(endpoint, variant);
    ignoreMissing(
        "DeleteScalingPolicy " + endpoint,
        () ->
            client.deleteScalingPolicy(
                b ->
                    b.policyName(policyName(endpoint))
                        .serviceNamespace(ServiceNamespace.SAGEMAKER)
                        .resourceId(resource)
                        .scalableDimension(
                            ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)));
    ignoreMissing(
        "DeregisterScalableTarget " + endpoint,
        () ->
            client.deregisterScalableTarget(
                b ->
                    b.serviceNamespace(ServiceNamespace.SAGEMAKER)
                        .resourceId(resource)
                        .scalableDimension(
                            ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)));
  }

  private static void ignoreMissing(String what, Runnable call) {
    try {
      AwsCalls.run(what, call);
    } catch (ObjectNotFoundException e) {
      LOG.debugf("%s: nothing registered", what);
    }
  }
}
