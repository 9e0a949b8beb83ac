package dev.mlops.localaws.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged local-aws as a child process, its crash and its recovery. */
class LocalAwsProcessTest {

  @TempDir Path dir;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aKilledLocalAwsStartsAgainWithItsObjectsRowsAndMessages() throws Exception {
    LocalAwsProcess aws = LocalAwsProcess.start(dir);
    try {
      assertThat(aws.endpoint()).startsWith("http://127.0.0.1:");
      assertThat(aws.attached()).isFalse();
      String queueUrl = aws.endpoint() + "/000000000000/gateway-metrics";
      assertThat(
              sqs(
                  aws,
                  "SendMessage",
                  "{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"window-1\"}"))
          .contains("MessageId");
      // unsigned requests are S3's
      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(URI.create(aws.endpoint() + "/mlops-data/notes/a.txt"))
                  .PUT(HttpRequest.BodyPublishers.ofString("kept"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(200);
      try (Connection c =
              DriverManager.getConnection(
                  aws.jdbcUrl("drift"), aws.jdbcUser(), aws.jdbcPassword());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE windows (id int primary key)");
        s.execute("INSERT INTO windows VALUES (7)");
      }

      aws.kill();
      assertThat(aws.isAlive()).isFalse();
      aws = aws.restart();

      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(URI.create(aws.endpoint() + "/mlops-data/notes/a.txt"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.body()).isEqualTo("kept");
      try (Connection c =
              DriverManager.getConnection(
                  aws.jdbcUrl("drift"), aws.jdbcUser(), aws.jdbcPassword());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM windows")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
      String receiveUrl = aws.endpoint() + "/000000000000/gateway-metrics";
      assertThat(
              sqs(
                  aws,
                  "ReceiveMessage",
                  "{\"QueueUrl\":\""
                      + receiveUrl
                      + "\",\"WaitTimeSeconds\":5,\"VisibilityTimeout\":60}"))
          .contains("window-1");
    } finally {
      aws.close();
    }
    assertThat(aws.isAlive()).isFalse();
  }

  /** SQS in the AWS JSON protocol, as the SDK speaks it (signatures are not checked). */
  private String sqs(LocalAwsProcess aws, String action, String json) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(aws.endpoint() + "/"))
                .header("X-Amz-Target", "AmazonSQS." + action)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void sharedProcessAndTestResourceConfigureAQuarkusService() throws Exception {
    LocalAwsProcess aws = LocalAwsProcess.shared();
    assertThat(LocalAwsProcess.shared()).isSameAs(aws);
    LocalAwsTestResource resource = new LocalAwsTestResource();
    resource.init(Map.of("database", "orchestrator"));
    Map<String, String> config = resource.start();
    assertThat(config)
        .containsEntry("quarkus.s3.endpoint-override", aws.endpoint())
        .containsEntry("quarkus.sqs.endpoint-override", aws.endpoint())
        .containsEntry("quarkus.sns.endpoint-override", aws.endpoint())
        .containsEntry("quarkus.s3.path-style-access", "true")
        .containsEntry("quarkus.sqs.aws.credentials.type", "static")
        .containsEntry("mlops.aws.endpoint-override", aws.endpoint())
        .containsEntry("quarkus.devservices.enabled", "false");
    try (Connection c =
        DriverManager.getConnection(
            config.get("quarkus.datasource.jdbc.url"),
            config.get("quarkus.datasource.username"),
            config.get("quarkus.datasource.password"))) {
      assertThat(c.getCatalog()).isEqualTo("orchestrator");
    }
    LocalAwsProcess attached = LocalAwsProcess.attach(aws.endpoint());
    assertThat(attached.attached()).isTrue();
    assertThat(attached.jdbcUrl("mlops")).isEqualTo(aws.jdbcUrl("mlops"));
    attached.kill();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(aws.endpoint() + "/_localaws/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    String model = TxhousingModel.modelDataUrl(aws);
    assertThat(model)
        .isEqualTo(
            "s3://mlops-artifacts/testkit/models/testkit-txhousing-train/output/model.tar.gz");
    assertThat(TxhousingModel.modelDataUrl(aws)).isEqualTo(model);
    HttpResponse<Void> head =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        aws.endpoint()
                            + "/mlops-artifacts/"
                            + model.substring("s3://mlops-artifacts/".length())))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
  }
}
