package dev.mlops.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The native build's Quarkus steps ran (the {@code native-sources} execution, no GraalVM needed)
 * and kept what a native image of the gateway needs: the builder's arguments, and reflection for
 * the documents the gateway maps outside the REST layer.
 */
class NativeSourcesIT {

  final Path dir = Path.of(System.getProperty("native.sources.dir", "target/native-sources"));

  @Test
  void nativeImageSourcesAreComplete() throws IOException {
    assumeFalse(Boolean.getBoolean("native.sources.skipped"), "native sources skipped");
    String args = Files.readString(dir.resolve("native-image.args"));
    assertThat(args).contains("--features=io.quarkus.runner.Feature").contains("--no-fallback");
    Path runner;
    try (Stream<Path> files = Files.list(dir)) {
      runner = files.filter(p -> p.toString().endsWith("-runner.jar")).findFirst().orElseThrow();
    }
    assertThat(args).contains(runner.getFileName().toString());
    try (JarFile jar = new JarFile(runner.toFile())) {
      String reflection =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      for (String type :
          List.of(
              "dev.mlops.contract.routing.RoutingPolicy",
              "dev.mlops.contract.routing.RoutingPolicy$Target",
              "dev.mlops.contract.schema.DatasetSchema",
              "dev.mlops.contract.encoding.FeatureEncoding",
              "dev.mlops.contract.routing.EndpointManifest",
              "dev.mlops.contract.metrics.GatewayWindow$VariantWindow",
              "dev.mlops.gateway.problem.InputError",
              "dev.mlops.gateway.model.rest.ModelResource$DeployedModelView")) {
        assertThat(reflection).as(type).contains("\"name\":\"" + type + "\"");
      }
      String resources =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/native-image/resource-config.json"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(resources).contains("quarkus-generated-openapi-doc");
    }
  }
}
