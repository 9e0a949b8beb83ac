package dev.mlops.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.metrics.GatewayWindow;
import dev.mlops.gateway.routing.Variant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsWindowsTest {

  static final VariantKey STABLE = new VariantKey(Variant.STABLE, "ep-1", "v1");
  static final VariantKey CANARY = new VariantKey(Variant.CANARY, "ep-2", "v2");

  @Test
  void aggregatesPerVariant() {
    MetricsWindows w = new MetricsWindows("gw-1", Instant.parse("2026-01-01T00:00:00Z"));
    w.record(STABLE, Outcome.OK, 1_500_000, new double[] {1, 2, 3});
    w.record(STABLE, Outcome.OK, 500_000, new double[] {4, Double.NaN});
    w.record(STABLE, Outcome.CLIENT, -1, null);
    w.record(CANARY, Outcome.TIMEOUT, 11_000_000_000L, null);
    w.record(CANARY, Outcome.MODEL, 20_000_000, null);
    GatewayWindow window = w.rotate(Instant.parse("2026-01-01T00:00:05Z"), 7);

    assertThat(window.type()).isEqualTo("gateway-window");
    assertThat(window.gatewayId()).isEqualTo("gw-1");
    assertThat(window.windowStart()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(window.windowEnd()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(window.policyVersion()).isEqualTo(7);
    GatewayWindow.VariantWindow stable = variant(window, "stable");
    assertThat(stable.endpoint()).isEqualTo("ep-1");
    assertThat(stable.modelVersion()).isEqualTo("v1");
    assertThat(stable.requests()).isEqualTo(3);
    assertThat(stable.errors())
        .containsEntry("client", 1L)
        .containsEntry("model", 0L)
        .containsEntry("throttled", 0L)
        .containsEntry("unavailable", 0L)
        .containsEntry("timeout", 0L);
    assertThat(stable.latencyCounts()).hasSize(GatewayWindow.LATENCY_BOUNDS_MS.length + 1);
    assertThat(stable.latencyCounts()[0]).as("0.5 ms is in the first bucket").isEqualTo(1);
    assertThat(stable.latencyCounts()[2]).as("1.5 ms is in (1, 2]").isEqualTo(1);
    assertThat(stable.predictions().count()).isEqualTo(4);
    assertThat(stable.predictions().sum()).isEqualTo(10);
    assertThat(stable.predictions().sumOfSquares()).isEqualTo(30);
    assertThat(stable.predictions().min()).isEqualTo(1);
    assertThat(stable.predictions().max()).isEqualTo(4);
    assertThat(stable.predictions().items())
        .extracting(i -> i[0])
        .containsExactly(1.0, 2.0, 3.0, 4.0);

    GatewayWindow.VariantWindow canary = variant(window, "canary");
    assertThat(canary.errors()).containsEntry("timeout", 1L).containsEntry("model", 1L);
    assertThat(canary.latencyCounts()[GatewayWindow.LATENCY_BOUNDS_MS.length]).isEqualTo(1);
    assertThat(canary.predictions()).isNull();

    GatewayWindow back = GatewayWindow.parse(window.toJson().getBytes());
    assertThat(back.variants()).hasSize(2);
    assertThat(w.rotate(Instant.parse("2026-01-01T00:00:10Z"), 7))
        .as("no traffic, no window")
        .isNull();
  }

  @Test
  void bucketsUseUpperBoundsInclusive() {
    assertThat(MetricsWindows.bucket(0)).isEqualTo(0);
    assertThat(MetricsWindows.bucket(0.5)).isEqualTo(0);
    assertThat(MetricsWindows.bucket(0.51)).isEqualTo(1);
    assertThat(MetricsWindows.bucket(10000)).isEqualTo(GatewayWindow.LATENCY_BOUNDS_MS.length - 1);
    assertThat(MetricsWindows.bucket(10001)).isEqualTo(GatewayWindow.LATENCY_BOUNDS_MS.length);
  }

  @Test
  void nothingIsLostWhileWindowsRotateUnderLoad() throws Exception {
    MetricsWindows w = new MetricsWindows("gw", Instant.EPOCH);
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  w.record(STABLE, Outcome.OK, 1_000_000, new double[] {1});
                }
                done.countDown();
              });
      th.start();
    }
    List<GatewayWindow> windows = new ArrayList<>();
    long tick = 0;
    while (!done.await(1, TimeUnit.MILLISECONDS)) {
      GatewayWindow g = w.rotate(Instant.ofEpochSecond(++tick), 1);
      if (g != null) {
        windows.add(g);
      }
    }
    GatewayWindow last = w.rotate(Instant.ofEpochSecond(++tick), 1);
    if (last != null) {
      windows.add(last);
    }
    long requests = windows.stream().mapToLong(g -> g.variants().get(0).requests()).sum();
    long predictions =
        windows.stream().mapToLong(g -> g.variants().get(0).predictions().count()).sum();
    assertThat(requests).isEqualTo((long) threads * perThread);
    assertThat(predictions).isEqualTo((long) threads * perThread);
  }

  static GatewayWindow.VariantWindow variant(GatewayWindow w, String name) {
    return w.variants().stream().filter(v -> v.variant().equals(name)).findFirst().orElseThrow();
  }
}
