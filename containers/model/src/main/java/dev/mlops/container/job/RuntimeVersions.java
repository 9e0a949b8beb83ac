package dev.mlops.container.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The versions that decide what a model is: recorded in its provenance so that a prediction can be
 * traced to the exact library that trained it.
 *
 * @param xgboost4j the XGBoost4J library (and its bundled native XGBoost)
 * @param java the Java runtime
 * @param modelContainer this container's build
 */
public record RuntimeVersions(
    @JsonProperty("xgboost4j") String xgboost4j,
    @JsonProperty("java") String java,
    @JsonProperty("model_container") String modelContainer) {

  /** Reported when running from classes rather than the packaged jar (IDE, unit tests). */
  public static final String UNPACKAGED = "unpackaged";

  public static RuntimeVersions current() {
    return new RuntimeVersions(
        property("/xgboost4j-version.properties", "version"),
        System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
        property("/META-INF/maven/dev.mlops/model-container/pom.properties", "version"));
  }

  private static String property(String resource, String key) {
    try (InputStream in = RuntimeVersions.class.getResourceAsStream(resource)) {
      if (in == null) {
        return UNPACKAGED;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(key, UNPACKAGED).trim();
    } catch (IOException e) {
      return UNPACKAGED;
    }
  }
}
