package dev.mlops.orchestrator.deploy.adapter.sagemaker;

import dev.mlops.orchestrator.aws.AwsCalls;
import dev.mlops.orchestrator.aws.SageMakerErrors;
import dev.mlops.orchestrator.deploy.Endpoints;
import dev.mlops.orchestrator.pipeline.JobNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CaptureContentTypeHeader;
import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.CaptureOption;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DataCaptureConfig;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/** {@link Endpoints} on SageMaker and SageMaker Runtime. */
@ApplicationScoped
public class SageMakerEndpoints implements Endpoints {

  private static final Logger LOG = Logger.getLogger(SageMakerEndpoints.class);

  /** SageMaker's name for the only variant of a single-variant endpoint. */
  public static final String VARIANT = "AllTraffic";

  private final SageMakerClient sageMaker;
  private final SageMakerRuntimeClient runtime;

  public SageMakerEndpoints(SageMakerClient sageMaker, SageMakerRuntimeClient runtime) {
    this.sageMaker = sageMaker;
    this.runtime = runtime;
  }

  @Override
  public void ensureModel(String model, String image, String modelDataUri, String roleArn) {
    createOrAdopt(
        "CreateModel " + model,
        () ->
            sageMaker.createModel(
                b ->
                    b.modelName(model)
                        .executionRoleArn(roleArn)
                        .primaryContainer(
                            ContainerDefinition.builder()
                                .image(image)
                                .modelDataUrl(modelDataUri)
                                .build())));
  }

  @Override
  public void ensureEndpoint(EndpointSpec spec) {
    String config = JobNames.endpointConfig(spec.endpoint());
    ProductionVariant variant =
        ProductionVariant.builder()
            .variantName(VARIANT)
            .modelName(spec.model())
            .initialInstanceCount(spec.instanceCount())
            .instanceType(ProductionVariantInstanceType.fromValue(spec.instanceType()))
            .initialVariantWeight(1.0f)
            .build();
    createOrAdopt(
        "CreateEndpointConfig " + config,
        () ->
            sageMaker.createEndpointConfig(
                b -> {
                  b.endpointConfigName(config).productionVariants(variant);
                  spec.capture()
                      .ifPresent(
                          c ->
                              b.dataCaptureConfig(
                                  DataCaptureConfig.builder()
                                      .enableCapture(true)
                                      .initialSamplingPercentage(c.samplingPercentage())
                                      .destinationS3Uri(c.destinationS3Uri())
                                      .captureOptions(
                                          CaptureOption.builder()
                                              .captureMode(CaptureMode.INPUT)
                                              .build(),
                                          CaptureOption.builder()
                                              .captureMode(CaptureMode.OUTPUT)
                                              .build())
                                      .captureContentTypeHeader(
                                          CaptureContentTypeHeader.builder()
                                              .csvContentTypes("text/csv")
                                              .jsonContentTypes("application/json")
                                              .build())
                                      .build()));
                }));
    createOrAdopt(
        "CreateEndpoint " + spec.endpoint(),
        () ->
            sageMaker.createEndpoint(
                b -> b.endpointName(spec.endpoint()).endpointConfigName(config)));
  }

  @Override
  public EndpointState describe(String endpoint) {
    return AwsCalls.call(
        "DescribeEndpoint " + endpoint,
        () -> {
          try {
            DescribeEndpointResponse d = sageMaker.describeEndpoint(b -> b.endpointName(endpoint));
            Status status =
                switch (String.valueOf(d.endpointStatusAsString())) {
                  case "Creating" -> Status.CREATING;
                  case "InService" -> Status.IN_SERVICE;
                  case "Updating", "SystemUpdating", "RollingBack" -> Status.UPDATING;
                  case "Deleting" -> Status.DELETING;
                  case "Failed" -> Status.FAILED;
                  default -> Status.OTHER;
                };
            return new EndpointState(status, d.failureReason());
          } catch (RuntimeException e) {
            if (SageMakerErrors.notFound(e)) {
              return new EndpointState(Status.NOT_FOUND, null);
            }
            throw e;
          }
        });
  }

  @Override
  public void delete(String endpoint) {
    ignoreMissing(
        "DeleteEndpoint " + endpoint,
        () -> sageMaker.deleteEndpoint(b -> b.endpointName(endpoint)));
    String config = JobNames.endpointConfig(endpoint);
    ignoreMissing(
        "DeleteEndpointConfig " + config,
        () -> sageMaker.deleteEndpointConfig(b -> b.endpointConfigName(config)));
  }

  @Override
  public Invocation invoke(String endpoint, String contentType, String body) {
    return AwsCalls.call(
        "InvokeEndpoint " + endpoint,
        () -> {
          try {
            InvokeEndpointResponse r =
                runtime.invokeEndpoint(
                    b ->
                        b.endpointName(endpoint)
                            .contentType(contentType)
                            .accept(contentType)
                            .body(SdkBytes.fromString(body, StandardCharsets.UTF_8)));
            return new Invocation(200, r.contentType(), r.body().asString(StandardCharsets.UTF_8));
          } catch (ModelErrorException e) {
            Integer code = e.originalStatusCode();
            return new Invocation(
                code == null ? e.statusCode() : code, "text/plain", e.originalMessage());
          }
        });
  }

  private static void createOrAdopt(String what, Runnable create) {
    try {
      AwsCalls.run(what, create);
    } catch (RuntimeException e) {
      if (SageMakerErrors.alreadyExists(e)) {
        LOG.debugf("%s: exists already; adopting it", what);
        return;
      }
      throw e;
    }
  }

  private static void ignoreMissing(String what, Runnable delete) {
    try {
      AwsCalls.run(what, delete);
    } catch (RuntimeException e) {
      if (!SageMakerErrors.notFound(e)) {
        throw e;
      }
    }
  }
}
