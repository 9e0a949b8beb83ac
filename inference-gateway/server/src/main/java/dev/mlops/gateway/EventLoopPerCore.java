package dev.mlops.gateway;

import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The gateway's default number of Vert.x event loops: one per core, not Quarkus's two. Every
 * request is answered on the event loop that read it and nothing on it blocks, so a second loop per
 * core adds no work that could run, only more threads taking turns on each core: more wakeups and
 * context switches per request. Side by side under the gateway bench's load on 2 cores (same jar, 2
 * against 4 loops, 5 rounds after warm-up), 2 loops answered more requests in 4 of the 5 rounds
 * (median 11,100 vs 10,000 req/s). Below application.properties, so {@code
 * quarkus.vertx.event-loops-pool-size} there, in the environment or as a system property still
 * decides.
 */
public final class EventLoopPerCore implements ConfigSource {

  static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(EVENT_LOOPS);
  }

  @Override
  public String getValue(String name) {
    return EVENT_LOOPS.equals(name)
        ? Integer.toString(Runtime.getRuntime().availableProcessors())
        : null;
  }

  @Override
  public String getName() {
    return "gateway: one event loop per core";
  }

  /** Below application.properties (250), the environment (300) and system properties (400). */
  @Override
  public int getOrdinal() {
    return 150;
  }
}
