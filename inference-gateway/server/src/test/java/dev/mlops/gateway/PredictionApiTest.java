package dev.mlops.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.gateway.testing.PredictionApiContract;
import dev.mlops.localaws.testkit.LocalAwsTestResource;
import io.netty.util.concurrent.MultithreadEventExecutorGroup;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Over plain HTTP, against local-aws with real model endpoints. */
@QuarkusTest
@WithTestResource(LocalAwsTestResource.class)
class PredictionApiTest extends PredictionApiContract {

  @Inject Vertx vertx;

  /** {@link EventLoopPerCore}: the server runs one event loop per core, not Quarkus's two. */
  @Test
  void runsOneEventLoopPerCore() {
    MultithreadEventExecutorGroup loops =
        (MultithreadEventExecutorGroup) ((VertxInternal) vertx).getEventLoopGroup();
    assertEquals(Runtime.getRuntime().availableProcessors(), loops.executorCount());
  }
}
