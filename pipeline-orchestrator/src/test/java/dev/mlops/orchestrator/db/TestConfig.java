package dev.mlops.orchestrator.db;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** The real config mapping with its defaults, outside Quarkus, plus overrides. */
public final class TestConfig {

  private TestConfig() {}

  public static OrchestratorConfig of(Map<String, String> overrides) {
    SmallRyeConfigBuilder b =
        new SmallRyeConfigBuilder()
            .withMapping(OrchestratorConfig.class)
            .withConverter(Duration.class, 200, new DurationConverter())
            .withDefaultValue("mlops.admin.token", "test");
    overrides.forEach(b::withDefaultValue);
    SmallRyeConfig config = b.build();
    return config.getConfigMapping(OrchestratorConfig.class);
  }
}
