package dev.mlops.container.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.container.it.ContainerProcess;
import dev.mlops.container.jobs.MlTree;
import dev.mlops.container.jobs.TrainedTxhousing;
import dev.mlops.container.predict.XgboostPredictor;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.encoding.FeatureEncoder;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.schema.DatasetSchema;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last step of the chain preprocess -> train -> evaluate -> serve on txhousing, each a separate
 * process: {@code serve} answers for the model {@code train} wrote, with categorical cities and
 * missing values, identically to XGBoost4J on the same rows.
 */
class TxhousingServeIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static ContainerProcess server;
  private static Path modelDir;

  @TempDir static Path mlRoot;

  @BeforeAll
  static void serveTheTrainedModel() throws Exception {
    modelDir = TrainedTxhousing.modelDir();
    MlTree.copyTree(modelDir, mlRoot.resolve("model"));
    server = ContainerProcess.serve(mlRoot, Map.of()).awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> post(String contentType, String accept, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri("/invocations"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void testSplitRowsGetTheSamePredictionsAsXgboost4j() throws Exception {
    DatasetSchema schema = DatasetSchema.read(modelDir.resolve("schema.json"));
    CsvTable test = CsvTable.read(onlyCsv(TrainedTxhousing.preprocessOutput().resolve("test")));
    List<String> features = schema.featureNames();
    StringBuilder body = new StringBuilder();
    int rows = Math.min(500, test.size());
    String[][] fields = new String[rows][features.size()];
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < features.size(); f++) {
        fields[r][f] = test.get(r, test.column(features.get(f)));
        if ((r + f) % 6 == 0) {
          fields[r][f] = r % 12 == 0 ? "NA" : ""; // missing values take the learned default branch
        }
        body.append(f == 0 ? "" : ",").append(dev.mlops.contract.csv.CsvParser.quote(fields[r][f]));
      }
      body.append('\n');
    }
    HttpResponse<String> response = post("text/csv", "text/csv", body.toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String[] served = response.body().split("\n");
    assertThat(served).hasSize(rows);

    FeatureEncoder encoder =
        new FeatureEncoder(
            FeatureEncoding.read(modelDir.resolve("encoding.json")), schema.missingValues());
    float[] encoded = new float[rows * encoder.width()];
    for (int r = 0; r < rows; r++) {
      encoder.encodeFields(fields[r], encoded, r * encoder.width(), r + 1);
    }
    float[] reference = new float[rows];
    XgboostPredictor.load(modelDir.resolve("model.json")).predict(encoded, rows, reference);
    long withMissing =
        java.util.Arrays.stream(fields).filter(row -> List.of(row).contains("NA")).count();
    assertThat(withMissing).as("the test split exercises missing values").isPositive();
    for (int r = 0; r < rows; r++) {
      double expected = reference[r];
      assertThat(Double.parseDouble(served[r]))
          .as("row %d", r + 1)
          .isCloseTo(expected, Offset.offset(Math.max(1e-3, Math.abs(expected) * 1e-6)));
    }
  }

  @Test
  void jsonInstancesByNameWithAnUnknownCity() throws Exception {
    String known =
        "{\"city\":\"Austin\",\"year\":2014,\"month\":6,\"sales\":3000,\"volume\":900000000,"
            + "\"listings\":6000,\"inventory\":2.5}";
    String unknown = known.replace("Austin", "Atlantis");
    HttpResponse<String> r =
        post(
            "application/json",
            "application/json",
            "{\"instances\":[" + known + "," + unknown + "]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Unknown-Categories")).hasValue("1");
    assertThat(r.body()).matches("\\{\"predictions\":\\[[0-9.E]+,[0-9.E]+\\]}");
  }

  @Test
  void wrongTypesNameTheRowAndColumn() throws Exception {
    HttpResponse<String> r =
        post(
            "text/csv",
            null,
            "Austin,2014,6,3000,900000000,6000,2.5\nAustin,2014,June,3000,1,1,1\n");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("\"row\":2")
        .contains("\"column\":\"month\"")
        .contains("'June' is not a number");
  }

  private static Path onlyCsv(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
  }
}
