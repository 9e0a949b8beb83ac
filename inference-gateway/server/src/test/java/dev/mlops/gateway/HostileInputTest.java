package dev.mlops.gateway;

import dev.mlops.gateway.testing.HostileInputContract;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Over plain HTTP, against local-aws with real model endpoints. */
@QuarkusTest
@WithTestResource(LocalAwsTestResource.class)
class HostileInputTest extends HostileInputContract {}
