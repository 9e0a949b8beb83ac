package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Application Auto Scaling of a local endpoint variant through the real SDK client: the target and
 * its target-tracking policy as the orchestrator registers them, the variant scaled out under load
 * and back in without it (each evaluation run by the test instead of the minute's timer, the same
 * code), and AWS's errors for what it refuses.
 */
@org.junit.jupiter.api.extension.ExtendWith(Clients.Shared.class)
class EndpointAutoscalingTest {

  static final String ENDPOINT = "txhousing-scaled";
  static final String RESOURCE = "endpoint/" + ENDPOINT + "/variant/AllTraffic";

  static LocalAws aws;
  static ApplicationAutoScalingClient autoscaling;
  static SageMakerClient sm;
  static SageMakerRuntimeClient runtime;

  @BeforeAll
  static void endpoint() {
    aws = Clients.shared();
    autoscaling = Clients.autoscaling(aws);
    sm = Clients.sageMaker(aws);
    runtime = Clients.runtime(aws);
    sm.createModel(
        b ->
            b.modelName("txhousing-scaled")
                .executionRoleArn(TrainedModel.ROLE)
                .primaryContainer(
                    c -> c.image(TrainedModel.IMAGE).modelDataUrl(TrainedModel.modelUri(aws))));
    sm.createEndpointConfig(
        b ->
            b.endpointConfigName("txhousing-scaled")
                .productionVariants(
                    SageMakerEndpointsTest.variant("AllTraffic", "txhousing-scaled", 1f, 1)));
    sm.createEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("txhousing-scaled"));
    awaitInstances(1);
  }

  @AfterAll
  static void close() {
    sm.deleteEndpoint(b -> b.endpointName(ENDPOINT)); // its serving processes with it
    autoscaling.close();
    sm.close();
    runtime.close();
  }

  static int instances() {
    var d = sm.describeEndpoint(b -> b.endpointName(ENDPOINT));
    return d.endpointStatus() == EndpointStatus.IN_SERVICE
        ? d.productionVariants().get(0).currentInstanceCount()
        : -1;
  }

  static void awaitInstances(int n) {
    Awaitility.await("endpoint in service with " + n + " instance(s)")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> instances() == n);
  }

  static void register(int min, int max) {
    autoscaling.registerScalableTarget(
        b ->
            b.serviceNamespace(ServiceNamespace.SAGEMAKER)
                .resourceId(RESOURCE)
                .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)
                .minCapacity(min)
                .maxCapacity(max));
  }

  static void deletePolicy(String resource, String name) {
    autoscaling.deleteScalingPolicy(
        b ->
            b.policyName(name)
                .serviceNamespace(ServiceNamespace.SAGEMAKER)
                .resourceId(resource)
                .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT));
  }

  static void deregister(String resource) {
    autoscaling.deregisterScalableTarget(
        b ->
            b.serviceNamespace(ServiceNamespace.SAGEMAKER)
                .resourceId(resource)
                .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT));
  }

  @Test
  void aVariantScalesOutUnderLoadAndBackInWithoutIt() {
    register(1, 2);
    autoscaling.putScalingPolicy(
        b ->
            b.policyName("per-instance")
                .serviceNamespace(ServiceNamespace.SAGEMAKER)
                .resourceId(RESOURCE)
                .scalableDimension(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(
                    c ->
                        c.targetValue(600.0)
                            .predefinedMetricSpecification(
                                m ->
                                    m.predefinedMetricType(
                                        MetricType.SAGE_MAKER_VARIANT_INVOCATIONS_PER_INSTANCE))
                            .scaleOutCooldown(0)
                            .scaleInCooldown(0)));
    List<ScalableTarget> targets =
        autoscaling
            .describeScalableTargets(
                b -> b.serviceNamespace(ServiceNamespace.SAGEMAKER).resourceIds(RESOURCE))
            .scalableTargets();
    assertThat(targets).singleElement().satisfies(t -> assertThat(t.maxCapacity()).isEqualTo(2));
    List<ScalingPolicy> policies =
        autoscaling
            .describeScalingPolicies(
                b -> b.serviceNamespace(ServiceNamespace.SAGEMAKER).resourceId(RESOURCE))
            .scalingPolicies();
    assertThat(policies)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.policyName()).isEqualTo("per-instance");
              assertThat(p.targetTrackingScalingPolicyConfiguration().targetValue())
                  .isEqualTo(600.0);
            });

    // the first evaluation sets where counting starts; 40 calls in well under a minute are far
    // above 600 invocations per instance per minute
    aws.sageMaker().evaluateAutoscaling();
    for (int i = 0; i < 40; i++) {
      runtime.invokeEndpoint(
          b ->
              b.endpointName(ENDPOINT)
                  .contentType("text/csv")
                  .body(SdkBytes.fromUtf8String(SageMakerEndpointsTest.ROW)));
    }
    aws.sageMaker().evaluateAutoscaling();
    awaitInstances(2);

    // no calls since: the rate falls below the target, and one instance is enough again
    Awaitility.await("scaled back in")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              aws.sageMaker().evaluateAutoscaling();
              return instances() == 1;
            });
    List<ScalingActivity> activities =
        autoscaling
            .describeScalingActivities(
                b -> b.serviceNamespace(ServiceNamespace.SAGEMAKER).resourceId(RESOURCE))
            .scalingActivities();
    assertThat(activities)
        .extracting(ScalingActivity::description)
        .startsWith("Setting desired instance count to 1.", "Setting desired instance count to 2.");
    assertThat(activities.get(1).cause())
        .contains("SageMakerVariantInvocationsPerInstance", "above");
    assertThat(activities).allMatch(a -> a.statusCode() == ScalingActivityStatusCode.SUCCESSFUL);

    // a range above the current count moves the variant into it at once, as AWS does
    register(2, 3);
    awaitInstances(2);
    register(1, 2);

    deletePolicy(RESOURCE, "per-instance");
    deregister(RESOURCE);
    assertThat(
            autoscaling
                .describeScalableTargets(
                    b -> b.serviceNamespace(ServiceNamespace.SAGEMAKER).resourceIds(RESOURCE))
                .scalableTargets())
        .isEmpty();
  }

  @Test
  void refusesWhatAwsRefusesWithItsErrors() {
    assertThatThrownBy(() -> deregister("endpoint/none/variant/AllTraffic"))
        .isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> deletePolicy("endpoint/none/variant/AllTraffic", "none"))
        .isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(
            () ->
                autoscaling.putScalingPolicy(
                    b ->
                        b.policyName("p")
                            .serviceNamespace(ServiceNamespace.SAGEMAKER)
                            .resourceId("endpoint/none/variant/AllTraffic")
                            .scalableDimension(
                                ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)
                            .policyType(PolicyType.TARGET_TRACKING_SCALING)
                            .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(1.0))))
        .isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(
            () ->
                autoscaling.registerScalableTarget(
                    b ->
                        b.serviceNamespace(ServiceNamespace.ECS)
                            .resourceId("service/default/web")
                            .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                            .minCapacity(1)
                            .maxCapacity(2)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("SageMaker endpoint variants only");
    assertThatThrownBy(
            () ->
                autoscaling.registerScalableTarget(
                    b ->
                        b.serviceNamespace(ServiceNamespace.SAGEMAKER)
                            .resourceId("endpoint/x/variant/AllTraffic")
                            .scalableDimension(
                                ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT)
                            .minCapacity(3)
                            .maxCapacity(2)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("MaxCapacity");
  }
}
