package dev.mlops.orchestrator.it;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The bundled dataset and admin API calls shared by the integration tests. */
final class Fixtures {

  static final String TOKEN = "test-token";

  private Fixtures() {}

  static Path dataFolder() {
    Path p = Path.of(System.getProperty("test.dataset.dir", "../data/txhousing"));
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("no dataset folder " + p.toAbsolutePath());
    }
    return p;
  }

  static List<String> txhousingLines() {
    try {
      return Files.readAllLines(dataFolder().resolve("txhousing.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String txhousingSchema(String name) {
    try {
      return Files.readString(dataFolder().resolve("schema.json"))
          .replace("\"txhousing\"", "\"" + name + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void put(S3Client s3, String bucket, String key, String body) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
  }

  /** Uploads the bundled txhousing (schema, then data) as a user would: the upload starts a run. */
  static void uploadTxhousing(S3Client s3) {
    s3.putObject(
        b -> b.bucket("mlops-data").key("datasets/txhousing/schema.json"),
        RequestBody.fromFile(dataFolder().resolve("schema.json")));
    s3.putObject(
        b -> b.bucket("mlops-data").key("datasets/txhousing/txhousing.csv"),
        RequestBody.fromFile(dataFolder().resolve("txhousing.csv")));
  }

  static RequestSpecification admin() {
    return given().header("Authorization", "Bearer " + TOKEN);
  }

  /** The runs of a dataset, newest first. */
  static List<java.util.Map<String, Object>> runsOf(String dataset) {
    return admin()
        .queryParam("dataset", dataset)
        .get("/admin/runs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  static JsonPath run(String id) {
    return admin().get("/admin/runs/" + id).then().statusCode(200).extract().jsonPath();
  }
}
