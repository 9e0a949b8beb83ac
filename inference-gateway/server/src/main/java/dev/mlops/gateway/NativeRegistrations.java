package dev.mlops.gateway;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.FeatureType;
import dev.mlops.contract.schema.ProblemType;
import dev.mlops.gateway.problem.InputError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The documents the gateway maps with Jackson outside the REST layer (S3 documents, SQS messages,
 * problem bodies): a native image must keep their constructors and accessors. The build's native
 * sources check asserts they are registered.
 */
@RegisterForReflection(
    targets = {
      RoutingPolicy.class,
      RoutingPolicy.Target.class,
      DatasetSchema.class,
      Feature.class,
      FeatureType.class,
      ProblemType.class,
      FeatureEncoding.class,
      FeatureEncoding.EncodedFeature.class,
      EndpointManifest.class,
      GatewayWindow.class,
      GatewayWindow.VariantWindow.class,
      GatewayWindow.PredictionSummary.class,
      BaselineSketches.Entry.class,
      InputError.class
    })
final class NativeRegistrations {

  private NativeRegistrations() {}
}
