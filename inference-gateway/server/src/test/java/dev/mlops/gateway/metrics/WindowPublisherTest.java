package dev.mlops.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.gateway.routing.Variant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowPublisherTest {

  final List<String> sent = new ArrayList<>();
  final List<String> emf = new ArrayList<>();
  boolean sqsDown;
  final AtomicLong nanos = new AtomicLong();
  final MetricsWindows windows = new MetricsWindows("gw", Instant.EPOCH);
  final WindowPublisher publisher =
      new WindowPublisher(
          windows,
          json -> {
            if (sqsDown) {
              throw new IllegalStateException("queue unreachable");
            }
            sent.add(json);
          },
          () -> 3,
          Clock.fixed(Instant.parse("2026-01-01T00:00:05Z"), ZoneOffset.UTC),
          nanos::get,
          Duration.ofSeconds(5),
          2,
          new EmfLines("mlops/inference-gateway"),
          emf::add);

  @Test
  void windowsWaitForTheQueueAndTheOldestAreDroppedPastTheBound() {
    VariantKey key = new VariantKey(Variant.CANARY, "ep", "v2");
    sqsDown = true;
    for (int i = 0; i < 3; i++) {
      windows.record(key, Outcome.OK, 1_000_000, new double[] {i});
      publisher.flush();
    }
    assertThat(publisher.pending()).isEqualTo(2);
    assertThat(publisher.dropped()).isEqualTo(1);
    sqsDown = false;
    publisher.flush();
    assertThat(sent).hasSize(2);
    assertThat(GatewayWindow.parse(sent.get(1).getBytes()).variants().get(0).predictions().max())
        .isEqualTo(2);
    assertThat(publisher.pending()).isZero();
  }

  @Test
  void flushIfDueWaitsForTheWindow() {
    windows.record(new VariantKey(Variant.STABLE, "ep", "v1"), Outcome.OK, 1_000_000, null);
    nanos.set(4_000_000_000L);
    publisher.flushIfDue();
    assertThat(sent).isEmpty();
    nanos.set(5_000_000_000L);
    publisher.flushIfDue();
    assertThat(sent).hasSize(1);
  }

  @Test
  void emfLinesAreOneJsonObjectPerVariantOnOneLine() throws Exception {
    VariantKey key = new VariantKey(Variant.STABLE, "ep", "v1");
    for (int i = 0; i < 100; i++) {
      windows.record(
          key, i < 98 ? Outcome.OK : Outcome.TIMEOUT, (i + 1) * 100_000L, new double[] {2});
    }
    publisher.flush();
    assertThat(emf).hasSize(1);
    assertThat(emf.get(0)).doesNotContain("\n");
    JsonNode line = Json.mapper().readTree(emf.get(0));
    assertThat(line.at("/_aws/Timestamp").asLong())
        .isEqualTo(Instant.parse("2026-01-01T00:00:05Z").toEpochMilli());
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText())
        .isEqualTo("mlops/inference-gateway");
    assertThat(line.get("Variant").asText()).isEqualTo("stable");
    assertThat(line.get("Requests").asLong()).isEqualTo(100);
    assertThat(line.get("Errors").asLong()).isEqualTo(2);
    assertThat(line.get("TimeoutErrors").asLong()).isEqualTo(2);
    assertThat(line.get("LatencyP50").asDouble()).isEqualTo(5.0);
    assertThat(line.get("LatencyP99").asDouble()).isEqualTo(10.0);
    assertThat(line.get("PredictionMean").asDouble()).isEqualTo(2.0);
    for (JsonNode m : line.at("/_aws/CloudWatchMetrics/0/Metrics")) {
      assertThat(line.has(m.get("Name").asText())).as(m.get("Name").asText()).isTrue();
    }
  }
}
