package dev.mlops.drift.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.contract.json.Json;
import dev.mlops.drift.Txhousing;
import dev.mlops.localaws.testkit.LocalAwsProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Must-show 2: the packaged service is killed with SIGKILL twice while it folds a backlog of
 * capture objects (some announced twice), and restarted; in the end every record is counted exactly
 * once: twenty windows of exactly 1000 records each.
 */
class CrashRecoveryIT {

  static final String ENDPOINT = "crash-prod-v1";
  static final int OBJECTS = 400;
  static final int RECORDS_PER_OBJECT = 50;
  static final int TOTAL = OBJECTS * RECORDS_PER_OBJECT;
  static final Map<String, String> CONFIG =
      Map.of(
          "mlops.window.max-records", "1000",
          "mlops.window.length", "30m",
          "mlops.consumer.visibility-timeout", "3s",
          "mlops.consumer.wait-time", "1s");

  @Test
  void everyRecordIsCountedExactlyOnceAcrossKills() throws Exception {
    LocalAwsProcess aws = LocalAwsProcess.shared();
    S3Client s3 = LocalAwsClients.s3(aws);
    SqsClient sqs = LocalAwsClients.sqs(aws);
    MalformedCaptureTest.manifestFor(s3, ENDPOINT, "v1");
    String queue = sqs.getQueueUrl(q -> q.queueName("capture-events")).queueUrl();

    List<Integer> early = Txhousing.rowsWhereYear(y -> y <= 2009);
    for (int i = 0; i < OBJECTS; i++) {
      String key = ENDPOINT + "/AllTraffic/2024/05/01/10/object-" + i + ".jsonl";
      byte[] body =
          Txhousing.captureObject(Txhousing.sample(early, RECORDS_PER_OBJECT, i), i * 100);
      String eTag =
          s3.putObject(p -> p.bucket("mlops-capture").key(key), RequestBody.fromBytes(body)).eTag();
      if (i % 10 == 0) {
        // announced a second time, as SQS may deliver at least once
        sqs.sendMessage(
            m ->
                m.queueUrl(queue)
                    .messageBody(
                        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":"
                            + "{\"name\":\"mlops-capture\"},\"object\":{\"key\":\""
                            + key
                            + "\",\"eTag\":"
                            + Json.string(eTag)
                            + "}}}]}"));
      }
    }

    Path log = Path.of("target", "crash-recovery-it.log");
    for (double killAt : new double[] {0.15, 0.55}) {
      try (DriftMonitorProcess monitor = DriftMonitorProcess.start(aws, CONFIG, log)) {
        Awaitility.await("folding past " + killAt)
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> records(monitor) >= killAt * TOTAL);
        monitor.kill();
      }
    }

    try (DriftMonitorProcess monitor = DriftMonitorProcess.start(aws, CONFIG, log)) {
      Awaitility.await("the backlog drained")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> inQueue(sqs, queue) == 0 && records(monitor) > 0);
      JsonNode windows =
          Json.mapper()
              .readTree(monitor.get("/drift/windows?endpoint=" + ENDPOINT + "&limit=1000"));
      long sum = 0;
      for (JsonNode w : windows) {
        sum += w.path("records").asLong();
        assertThat(w.path("records").asLong()).as(w.path("window_id").asText()).isEqualTo(1000);
      }
      assertThat(sum).isEqualTo(TOTAL);
      assertThat(windows.size()).isEqualTo(TOTAL / 1000);
    }
  }

  static long records(DriftMonitorProcess monitor) throws Exception {
    JsonNode windows =
        Json.mapper().readTree(monitor.get("/drift/windows?endpoint=" + ENDPOINT + "&limit=1000"));
    long sum = 0;
    for (JsonNode w : windows) {
      sum += w.path("records").asLong();
    }
    return sum;
  }

  static int inQueue(SqsClient sqs, String url) {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                g ->
                    g.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }
}
