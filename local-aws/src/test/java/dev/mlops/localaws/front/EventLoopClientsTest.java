package dev.mlops.localaws.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each event loop gets a client of its own, kept for it; other threads get the shared one. */
class EventLoopClientsTest {

  @Test
  void oneClientPerEventLoopAndTheSharedOneElsewhere() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      EventLoopClients clients = new EventLoopClients(vertx::createHttpClient);
      EventExecutor first = vertx.nettyEventLoopGroup().next();
      EventExecutor second = vertx.nettyEventLoopGroup().next(); // the loops take turns
      assertThat(first).isNotSameAs(second);
      HttpClient[] onFirst = onLoop(first, clients);
      HttpClient[] onSecond = onLoop(second, clients);

      assertThat(onFirst[0]).isSameAs(onFirst[1]);
      assertThat(onSecond[0]).isSameAs(onSecond[1]);
      assertThat(onFirst[0]).isNotSameAs(onSecond[0]);
      assertThat(onFirst[0]).isNotSameAs(clients.shared());
      assertThat(clients.current()).isSameAs(clients.shared()); // the test's own thread
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** {@code current()} twice on the event loop. */
  private static HttpClient[] onLoop(EventExecutor loop, EventLoopClients clients)
      throws Exception {
    return loop.submit(() -> new HttpClient[] {clients.current(), clients.current()})
        .get(10, TimeUnit.SECONDS);
  }
}
