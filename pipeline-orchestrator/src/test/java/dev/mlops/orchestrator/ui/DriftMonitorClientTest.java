package dev.mlops.orchestrator.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.mlops.orchestrator.rest.ProblemMapper;
import dev.mlops.orchestrator.ui.DriftMonitorClient.DriftMonitorUnavailableException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's proxy to the drift monitor against a real HTTP server: answers pass through as
 * they are; a drift monitor that does not answer in time is a 504 (never the caller's 4xx, never a
 * stack trace). One that cannot be reached is a 502: DashboardTest, through the whole app.
 */
class DriftMonitorClientTest {

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/drift/violations",
        exchange -> {
          byte[] body =
              ("{\"query\":\"" + exchange.getRequestURI().getRawQuery() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
          exchange.sendResponseHeaders(418, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/drift/windows",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS); // holds the answer until the test is over
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private DriftMonitorClient client(URI url) {
    return new DriftMonitorClient(url, Duration.ofMillis(300));
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @Test
  void anAnswerPassesThroughWithItsStatusTypeAndQuery() {
    DriftMonitorClient.Answer a = client(url()).get("/drift/violations", "limit=5&endpoint=e%201");

    assertThat(a.status()).isEqualTo(418);
    assertThat(a.contentType()).isEqualTo("application/problem+json");
    assertThat(new String(a.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"query\":\"limit=5&endpoint=e%201\"}");
  }

  @Test
  void aDriftMonitorThatDoesNotAnswerInTimeIsA504() {
    DriftMonitorUnavailableException e =
        catchThrowableOfType(
            DriftMonitorUnavailableException.class,
            () -> client(url()).get("/drift/windows", null));

    assertThat(e.timedOut()).isTrue();
    assertThat(e.getMessage()).isEqualTo("the drift monitor did not answer within 300 ms");
    Response r = new ProblemMapper().map(e, null);
    assertThat(r.getStatus()).isEqualTo(504);
    assertThat(r.getMediaType().toString()).isEqualTo(ProblemMapper.PROBLEM_JSON);
  }
}
