package dev.mlops.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A restart keeps S3 objects, database rows and SQS messages (queues too). */
class RestartTest {

  @TempDir Path dir;

  @Test
  void restartKeepsObjectsRowsAndMessages() throws Exception {
    LocalAwsMain.configureLogging();
    try (LocalAws aws = LocalAws.start(LocalAwsOptions.forTest(dir));
        S3Client s3 = Clients.s3(aws);
        SqsClient sqs = Clients.sqs(aws);
        Connection c =
            DriverManager.getConnection(aws.jdbcUrl("orchestrator"), "postgres", "postgres");
        Statement s = c.createStatement()) {
      s3.putObject(
          b -> b.bucket("mlops-artifacts").key("models/m1.txt"), RequestBody.fromString("m1"));
      String q = sqs.createQueue(b -> b.queueName("durable")).queueUrl();
      sqs.sendMessage(b -> b.queueUrl(q).messageBody("survives"));
      sqs.sendMessage(
          b ->
              b.queueUrl(sqs.getQueueUrl(g -> g.queueName("gateway-metrics")).queueUrl())
                  .messageBody("metrics"));
      s.execute("CREATE TABLE runs (id text primary key)");
      s.execute("INSERT INTO runs VALUES ('run-1')");
    }

    try (LocalAws aws = LocalAws.start(LocalAwsOptions.forTest(dir));
        S3Client s3 = Clients.s3(aws);
        SqsClient sqs = Clients.sqs(aws);
        Connection c =
            DriverManager.getConnection(aws.jdbcUrl("orchestrator"), "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM runs")) {
      assertThat(
              s3.getObjectAsBytes(b -> b.bucket("mlops-artifacts").key("models/m1.txt"))
                  .asUtf8String())
          .isEqualTo("m1");
      String q = sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl();
      assertThat(S3StandInTest.receive(sqs, q, 1).get(0).body()).isEqualTo("survives");
      String metrics = sqs.getQueueUrl(b -> b.queueName("gateway-metrics")).queueUrl();
      assertThat(S3StandInTest.receive(sqs, metrics, 1).get(0).body()).isEqualTo("metrics");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("run-1");
    }
  }
}
