package dev.mlops.orchestrator.deploy.adapter.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.orchestrator.db.TestConfig;
import dev.mlops.orchestrator.deploy.EndpointAutoscaling;
import dev.mlops.orchestrator.deploy.Endpoints;
import dev.mlops.orchestrator.deploy.ProdScaling;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.TransientFailure;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The requests the adapter sends to Application Auto Scaling (local-aws has none: the client is a
 * recording one), from the configured prod settings.
 */
class ApplicationAutoScalingEndpointsTest {

  /** Records every request; can be told to answer "not found" or fail like the network. */
  static final class RecordingClient implements ApplicationAutoScalingClient {
    final List<Object> requests = new ArrayList<>();
    boolean missing;
    boolean unreachable;

    @Override
    public RegisterScalableTargetResponse registerScalableTarget(RegisterScalableTargetRequest r) {
      requests.add(r);
      if (unreachable) {
        throw SdkClientException.create("connection refused");
      }
      return RegisterScalableTargetResponse.builder().build();
    }

    @Override
    public PutScalingPolicyResponse putScalingPolicy(PutScalingPolicyRequest r) {
      requests.add(r);
      return PutScalingPolicyResponse.builder().build();
    }

    @Override
    public DeleteScalingPolicyResponse deleteScalingPolicy(DeleteScalingPolicyRequest r) {
      requests.add(r);
      if (missing) {
        throw notFound();
      }
      return DeleteScalingPolicyResponse.builder().build();
    }

    @Override
    public DeregisterScalableTargetResponse deregisterScalableTarget(
        DeregisterScalableTargetRequest r) {
      requests.add(r);
      if (missing) {
        throw notFound();
      }
      return DeregisterScalableTargetResponse.builder().build();
    }

    private static ObjectNotFoundException notFound() {
      return (ObjectNotFoundException)
          ObjectNotFoundException.builder()
              .statusCode(400)
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode("ObjectNotFoundException")
                      .errorMessage("No scalable target registered")
                      .build())
              .build();
    }

    @Override
    public String serviceName() {
      return "application-autoscaling";
    }

    @Override
    public void close() {}
  }

  final RecordingClient client = new RecordingClient();

  /** Endpoint deletions, each with how many autoscaling calls came before it. */
  final List<String> deletions = new ArrayList<>();

  /** Endpoints that only record deletions (nothing else is called here). */
  final Endpoints endpoints =
      (Endpoints)
          Proxy.newProxyInstance(
              Endpoints.class.getClassLoader(),
              new Class<?>[] {Endpoints.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("delete")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                deletions.add(args[0] + " after " + client.requests.size());
                return null;
              });

  ProdScaling scaling(boolean enabled) {
    return scaling(Map.of("mlops.autoscaling.enabled", Boolean.toString(enabled)));
  }

  ProdScaling scaling(Map<String, String> settings) {
    return new ProdScaling(
        new ApplicationAutoScalingEndpoints(client), endpoints, TestConfig.of(settings));
  }

  @Test
  void aProdEndpointGetsTheSeedsTargetTrackingPolicy() {
    scaling(true).register("mlops-prod-v3");

    assertThat(client.requests).hasSize(2);
    RegisterScalableTargetRequest target = (RegisterScalableTargetRequest) client.requests.get(0);
    assertThat(target.serviceNamespace()).isEqualTo(ServiceNamespace.SAGEMAKER);
    assertThat(target.resourceId()).isEqualTo("endpoint/mlops-prod-v3/variant/AllTraffic");
    assertThat(target.scalableDimension())
        .isEqualTo(ScalableDimension.SAGEMAKER_VARIANT_DESIRED_INSTANCE_COUNT);
    assertThat(target.scalableDimensionAsString())
        .isEqualTo("sagemaker:variant:DesiredInstanceCount");
    assertThat(target.minCapacity()).isEqualTo(2);
    assertThat(target.maxCapacity()).isEqualTo(10);

    PutScalingPolicyRequest policy = (PutScalingPolicyRequest) client.requests.get(1);
    assertThat(policy.policyName()).isEqualTo("mlops-prod-v3-invocations-per-instance");
    assertThat(policy.policyType()).isEqualTo(PolicyType.TARGET_TRACKING_SCALING);
    assertThat(policy.resourceId()).isEqualTo(target.resourceId());
    var tracking = policy.targetTrackingScalingPolicyConfiguration();
    assertThat(tracking.targetValue()).isEqualTo(750.0);
    assertThat(tracking.predefinedMetricSpecification().predefinedMetricTypeAsString())
        .isEqualTo("SageMakerVariantInvocationsPerInstance");
    assertThat(tracking.predefinedMetricSpecification().predefinedMetricType())
        .isEqualTo(MetricType.SAGE_MAKER_VARIANT_INVOCATIONS_PER_INSTANCE);
    assertThat(tracking.scaleInCooldown()).isEqualTo(60);
    assertThat(tracking.scaleOutCooldown()).isEqualTo(60);
  }

  @Test
  void theSettingsComeFromTheConfiguration() {
    ProdScaling scaling =
        scaling(
            Map.of(
                "mlops.autoscaling.enabled", "true",
                "mlops.autoscaling.min-capacity", "1",
                "mlops.autoscaling.max-capacity", "4",
                "mlops.autoscaling.target-invocations-per-instance", "300",
                "mlops.autoscaling.scale-in-cooldown", "5m",
                "mlops.autoscaling.scale-out-cooldown", "30s"));
    scaling.register("shop-prod-v9");
    RegisterScalableTargetRequest target = (RegisterScalableTargetRequest) client.requests.get(0);
    assertThat(target.minCapacity()).isEqualTo(1);
    assertThat(target.maxCapacity()).isEqualTo(4);
    var tracking =
        ((PutScalingPolicyRequest) client.requests.get(1))
            .targetTrackingScalingPolicyConfiguration();
    assertThat(tracking.targetValue()).isEqualTo(300.0);
    assertThat(tracking.scaleInCooldown()).isEqualTo(300);
    assertThat(tracking.scaleOutCooldown()).isEqualTo(30);
  }

  @Test
  void settingsApplicationAutoScalingWouldRefuseStopTheStartWithTheKeyToFix() {
    Map<String, String> tooFew =
        Map.of(
            "mlops.autoscaling.enabled", "true",
            "mlops.autoscaling.min-capacity", "3",
            "mlops.autoscaling.max-capacity", "2");
    assertThatThrownBy(() -> scaling(tooFew))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mlops.autoscaling.max-capacity (2)")
        .hasMessageContaining("min-capacity (3)");
    assertThatThrownBy(
            () ->
                scaling(
                    Map.of(
                        "mlops.autoscaling.enabled", "true",
                        "mlops.autoscaling.target-invocations-per-instance", "0")))
        .hasMessageContaining("mlops.autoscaling.target-invocations-per-instance");
    assertThatThrownBy(
            () ->
                scaling(
                    Map.of(
                        "mlops.autoscaling.enabled", "true",
                        "mlops.autoscaling.min-capacity", "0")))
        .hasMessageContaining("mlops.autoscaling.min-capacity must be at least 1");
    // off: nothing is checked, nothing is called
    scaling(
        Map.of(
            "mlops.autoscaling.enabled", "false",
            "mlops.autoscaling.min-capacity", "3",
            "mlops.autoscaling.max-capacity", "2"));
    assertThat(client.requests).isEmpty();
  }

  @Test
  void deletionDeregistersPolicyThenTargetAndToleratesWhatIsGone() {
    scaling(true).deregister("mlops-prod-v3");
    assertThat(client.requests).hasSize(2);
    DeleteScalingPolicyRequest policy = (DeleteScalingPolicyRequest) client.requests.get(0);
    assertThat(policy.policyName()).isEqualTo("mlops-prod-v3-invocations-per-instance");
    assertThat(policy.resourceId()).isEqualTo("endpoint/mlops-prod-v3/variant/AllTraffic");
    DeregisterScalableTargetRequest target =
        (DeregisterScalableTargetRequest) client.requests.get(1);
    assertThat(target.serviceNamespace()).isEqualTo(ServiceNamespace.SAGEMAKER);
    assertThat(target.resourceId()).isEqualTo(policy.resourceId());

    client.requests.clear();
    client.missing = true;
    scaling(true).deregister("mlops-prod-v4"); // never registered (a failed smoke test): no error
    assertThat(client.requests).hasSize(2);
  }

  @Test
  void aProdEndpointIsDeregisteredBeforeItIsDeletedADevOneIsOnlyDeleted() {
    scaling(true).deleteEndpoint(Stage.PROD, "mlops-prod-v3");
    scaling(true).deleteEndpoint(Stage.DEV, "mlops-dev-v3");
    assertThat(deletions).containsExactly("mlops-prod-v3 after 2", "mlops-dev-v3 after 2");
  }

  @Test
  void disabledAsLocallyItCallsNothing() {
    ProdScaling off = scaling(false);
    off.register("mlops-prod-v3");
    off.deregister("mlops-prod-v3");
    assertThat(client.requests).isEmpty();
    assertThat(off.enabled()).isFalse();
  }

  @Test
  void aNetworkErrorIsTransientSoTheStepRetries() {
    client.unreachable = true;
    EndpointAutoscaling adapter = new ApplicationAutoScalingEndpoints(client);
    assertThatThrownBy(() -> adapter.register(scaling(true).target("mlops-prod-v3")))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("RegisterScalableTarget mlops-prod-v3");
  }
}
