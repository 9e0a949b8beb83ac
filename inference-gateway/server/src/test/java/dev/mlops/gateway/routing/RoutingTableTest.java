package dev.mlops.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.gateway.problem.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The policy cache with a scripted store and a hand-moved clock; background work runs inline. */
class RoutingTableTest {

  static final long SECOND = 1_000_000_000L;

  /** A store that answers like S3: 200 with an ETag, 304 when it matches, or fails. */
  static final class ScriptedStore implements PolicyStore {
    byte[] body;
    String etag;
    boolean down;
    final List<String> asked = new ArrayList<>();

    void put(RoutingPolicy p) {
      body = p.toJson();
      etag = "\"v" + p.version() + "-" + asked.size() + "\"";
    }

    @Override
    public Fetch fetch(String ifNoneMatch) {
      asked.add(String.valueOf(ifNoneMatch));
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      if (body == null) {
        return new Absent();
      }
      if (etag.equals(ifNoneMatch)) {
        return new NotModified();
      }
      return new Changed(body, etag);
    }
  }

  static RoutingPolicy policy(long version, double weight) {
    return new RoutingPolicy(
        version,
        new RoutingPolicy.Target("stable-ep", "v1", "s3://b/models/v1/schema.json"),
        weight > 0
            ? new RoutingPolicy.Target("canary-ep", "v2", "s3://b/models/v2/schema.json")
            : null,
        weight,
        null,
        null,
        "2026-01-01T00:00:00Z");
  }

  final AtomicLong now = new AtomicLong(1_000 * SECOND);
  final ScriptedStore store = new ScriptedStore();
  final List<Long> adopted = new ArrayList<>();
  final RoutingTable table =
      new RoutingTable(
          store,
          Duration.ofSeconds(3),
          Duration.ofSeconds(30),
          now::get,
          Runnable::run,
          p -> adopted.add(p.version()));

  @Test
  void noPolicyIs503AndIsNotReadOnEveryRequest() {
    assertThatThrownBy(table::current)
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("no model is deployed yet");
    assertThatThrownBy(table::current).isInstanceOf(UnavailableException.class);
    assertThat(store.asked).hasSize(1);
    now.addAndGet(SECOND);
    store.put(policy(1, 0));
    assertThat(table.current().version()).isEqualTo(1);
    assertThat(adopted).containsExactly(1L);
  }

  @Test
  void withinTheTtlNothingIsReadThenConditionalReadsAreMade() {
    store.put(policy(1, 0));
    table.current();
    now.addAndGet(2 * SECOND);
    table.current();
    assertThat(store.asked).hasSize(1);
    now.addAndGet(2 * SECOND);
    assertThat(table.current().version()).isEqualTo(1);
    assertThat(store.asked).containsExactly("null", store.etag);
    store.put(policy(2, 0.1));
    now.addAndGet(4 * SECOND);
    table.current(); // answered with the held policy; the background read adopts version 2
    assertThat(table.current().version()).isEqualTo(2);
    assertThat(table.current().canaryWeight()).isEqualTo(0.1);
    assertThat(adopted).containsExactly(1L, 2L);
  }

  @Test
  void lastGoodPolicyIsKeptWhenTheStoreIsDownOrTheDocumentIsBad() {
    store.put(policy(3, 0));
    table.current();
    store.down = true;
    now.addAndGet(60 * SECOND);
    assertThat(table.current().version()).isEqualTo(3);
    assertThat(table.lastProblem()).contains("connection refused");
    store.down = false;
    store.body = "{not json".getBytes();
    store.etag = "\"bad\"";
    now.addAndGet(60 * SECOND);
    assertThat(table.current().version()).isEqualTo(3);
    assertThat(table.lastProblem()).contains("not valid");
    now.addAndGet(60 * SECOND); // 304 for the same bad document: still reported
    assertThat(table.current().version()).isEqualTo(3);
    assertThat(table.lastProblem()).contains("not valid");
    store.body = null;
    now.addAndGet(60 * SECOND);
    assertThat(table.current().version()).isEqualTo(3);
    assertThat(table.lastProblem()).contains("gone");
    store.put(policy(4, 0));
    now.addAndGet(60 * SECOND);
    assertThat(table.current().version()).isEqualTo(4);
    assertThat(table.lastProblem()).isNull();
  }

  @Test
  void versionsNeverGoBack() {
    store.put(policy(5, 0));
    table.current();
    store.put(policy(4, 0.5));
    now.addAndGet(60 * SECOND);
    assertThat(table.current().version()).isEqualTo(5);
    assertThat(table.lastProblem()).contains("older");
  }

  @Test
  void aLongIdlePolicyIsReadBeforeRouting() {
    store.put(policy(1, 0));
    table.current();
    store.put(policy(2, 0.2));
    now.addAndGet(31 * SECOND);
    // no background executor run is needed: the read happens in the request
    RoutingTable inline =
        new RoutingTable(
            store, Duration.ofSeconds(3), Duration.ofSeconds(30), now::get, r -> {}, p -> {});
    assertThat(inline.current().version()).isEqualTo(2);
    store.put(policy(3, 0.3));
    now.addAndGet(4 * SECOND);
    assertThat(inline.current().version())
        .as("stale but not too stale: served, refreshed later")
        .isEqualTo(2);
    now.addAndGet(30 * SECOND);
    assertThat(inline.current().version()).isEqualTo(3);
  }
}
