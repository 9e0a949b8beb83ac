package dev.mlops.gateway.lambda;

import dev.mlops.gateway.testing.PredictionApiContract;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Through the Lambda handler: the mock event server turns each HTTP call into an API Gateway v2
 * event for quarkus-amazon-lambda-http, against local-aws with real model endpoints.
 */
@QuarkusTest
@WithTestResource(LocalAwsTestResource.class)
class LambdaPredictionApiTest extends PredictionApiContract {}
