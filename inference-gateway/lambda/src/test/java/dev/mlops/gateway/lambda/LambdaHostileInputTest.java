package dev.mlops.gateway.lambda;

import dev.mlops.gateway.testing.HostileInputContract;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Through the Lambda handler: the mock event server turns each HTTP call into an API Gateway v2
 * event for quarkus-amazon-lambda-http, against local-aws with real model endpoints.
 */
@QuarkusTest
@WithTestResource(LocalAwsTestResource.class)
class LambdaHostileInputTest extends HostileInputContract {

  /**
   * Lambda takes at most 6 MB per synchronous invocation, so API Gateway answers 413 for larger
   * bodies itself; the mock event server in front of the handler does the same.
   */
  @Override
  protected long frontBodyLimit() {
    return 6L * 1024 * 1024;
  }
}
