package dev.mlops.container.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlops.container.it.ContainerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as a separate process over real HTTP: parity with Python XGBoost on the seed's bare
 * model, readiness, and every refusal of bad input.
 */
class ServeIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static ContainerProcess server;
  private static List<String> golden;

  @TempDir static Path mlRoot;

  @BeforeAll
  static void startServer() throws Exception {
    Path model = mlRoot.resolve("model");
    Files.createDirectories(model);
    Files.copy(anchor("model.json"), model.resolve("model.json"));
    golden = Files.readAllLines(anchor("golden.csv")).subList(1, 201);
    server = ContainerProcess.serve(mlRoot, Map.of()).awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static Path anchor(String name) throws Exception {
    return Path.of(ServeIT.class.getResource("/anchor/" + name).toURI());
  }

  static HttpResponse<String> post(URI uri, String contentType, String accept, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String features(String goldenLine) {
    String line = goldenLine;
    return line.substring(0, line.lastIndexOf(','));
  }

  private static double expected(String goldenLine) {
    return Double.parseDouble(goldenLine.substring(goldenLine.lastIndexOf(',') + 1));
  }

  @Test
  void bareModelReproducesGoldenPredictionsInOneRequestAndOneByOne() throws Exception {
    StringBuilder all = new StringBuilder();
    for (String line : golden) {
      all.append(features(line)).append('\n');
    }
    HttpResponse<String> r =
        post(
            server.uri("/invocations"),
            "text/csv",
            "text/csv",
            all.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv");
    String[] predictions = r.body().split("\n");
    assertThat(predictions).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(Double.parseDouble(predictions[i]))
          .as("row %d", i + 1)
          .isCloseTo(expected(golden.get(i)), org.assertj.core.data.Offset.offset(1e-5));
    }
    for (String line : golden.subList(0, 20)) {
      HttpResponse<String> one =
          post(
              server.uri("/invocations"),
              "text/csv",
              null,
              features(line).getBytes(StandardCharsets.UTF_8));
      assertThat(Double.parseDouble(one.body().trim()))
          .isCloseTo(expected(line), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void jsonInAndOut() throws Exception {
    String line = golden.get(0);
    String body = "{\"instances\":[[" + features(line) + "]]}";
    HttpResponse<String> r =
        post(
            server.uri("/invocations"),
            "application/json",
            null,
            body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    String number = r.body().replace("{\"predictions\":[", "").replace("]}", "");
    assertThat(Double.parseDouble(number))
        .isCloseTo(expected(line), org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void refusesBadInputWithProblemDetailsAndStaysUp() throws Exception {
    URI inv = server.uri("/invocations");
    assertProblem(post(inv, "text/plain", null, "1,2".getBytes()), 415, "unsupported content type");
    assertProblem(post(inv, null, null, "1,2".getBytes()), 415, "unsupported content type");
    assertProblem(post(inv, "text/csv", null, new byte[0]), 400, "empty");
    assertProblem(
        post(inv, "text/csv", null, "1,2,3,4,5,6,7,8\n1,2,3,abc,5,6,7,8".getBytes()),
        400,
        "row 2, column 'f3': 'abc' is not a number");
    assertProblem(post(inv, "text/csv", null, "1,2,3".getBytes()), 400, "row 1: has 3 values");
    assertProblem(
        post(inv, "text/csv", null, "1,2,3,4,5,6,7,Infinity".getBytes()),
        400,
        "not a finite number");
    assertProblem(
        post(inv, "application/json", null, "{\"instances\": [".getBytes()), 400, "malformed JSON");
    assertProblem(
        post(inv, "text/csv", "image/png", "1,2,3,4,5,6,7,8".getBytes()), 406, "cannot answer");
    byte[] tenMegabytes = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(tenMegabytes, (byte) '1');
    assertProblem(post(inv, "text/csv", null, tenMegabytes), 413, "exceeds");
    HttpResponse<String> notFound =
        HTTP.send(
            HttpRequest.newBuilder(server.uri("/nope")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(notFound.statusCode()).isEqualTo(404);
    HttpResponse<String> wrongMethod =
        HTTP.send(HttpRequest.newBuilder(inv).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    // still serving
    assertThat(server.isAlive()).isTrue();
    assertThat(post(inv, "text/csv", null, features(golden.get(1)).getBytes()).statusCode())
        .isEqualTo(200);
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detail) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("\"status\":" + status).contains(detail);
  }

  @Test
  void pingAnswers503UntilTheModelIsThere(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("model"));
    try (ContainerProcess waiting =
        ContainerProcess.serve(root, Map.of("MLOPS_MODEL_WAIT_SECONDS", "120"))) {
      URI ping = waiting.uri("/ping");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> status(ping) == 503);
      HttpResponse<String> early =
          post(waiting.uri("/invocations"), "text/csv", null, "1,2,3,4,5,6,7,8".getBytes());
      assertThat(early.statusCode()).isEqualTo(503);
      assertThat(early.body()).contains("waiting for the model files");
      Files.copy(anchor("model.json"), root.resolve("model/model.json"));
      await().atMost(Duration.ofSeconds(60)).until(() -> status(ping) == 200);
    }
  }

  @Test
  void anUnloadableModelFailsTheProcessWithAReason(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("model"));
    Files.writeString(root.resolve("model/model.json"), "{\"not\": \"a model\"}");
    try (ContainerProcess broken = ContainerProcess.serve(root, Map.of())) {
      assertThat(broken.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(Files.readString(root.resolve("output/failure")))
          .startsWith("cannot load the model");
      assertThat(broken.output()).doesNotContain("\tat ");
    }
  }

  private static int status(URI uri) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n")));
  }
}
