package dev.mlops.orchestrator.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerMessagesTest {

  static final String PREFIX = "datasets/";

  static String s3Event(String eventName, String key) {
    return """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"%s",
          "s3":{"bucket":{"name":"mlops-data"},"object":{"key":"%s","size":12,"eTag":"abc"}}}]}
        """
        .formatted(eventName, key);
  }

  @Test
  void anUploadUnderADatasetFolderNamesTheDataset() {
    List<TriggerMessage> m =
        TriggerMessages.parse(
            s3Event("ObjectCreated:Put", "datasets/txhousing/part+1.csv"), PREFIX);
    assertThat(m)
        .singleElement()
        .isInstanceOfSatisfying(
            TriggerMessage.DataUploaded.class,
            u -> {
              assertThat(u.dataset()).isEqualTo("txhousing");
              assertThat(u.key()).isEqualTo("datasets/txhousing/part 1.csv");
              assertThat(u.bucket()).isEqualTo("mlops-data");
            });
  }

  @Test
  void snsEnvelopesAreUnwrapped() {
    String inner = s3Event("ObjectCreated:CompleteMultipartUpload", "datasets/sales/a.csv");
    String envelope =
        "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"Message\":"
            + dev.mlops.contract.json.Json.string(inner)
            + "}";
    assertThat(TriggerMessages.parse(envelope, PREFIX))
        .singleElement()
        .isInstanceOfSatisfying(
            TriggerMessage.DataUploaded.class, u -> assertThat(u.dataset()).isEqualTo("sales"));
  }

  @Test
  void driftAndSourceChangeEventsAreRecognised() {
    String drift =
        "{\"type\":\"drift\",\"endpoint\":\"mlops-prod-v1\",\"model_version\":\"v1\",\"dataset\":\"txhousing\",\"window_id\":\"w1\",\"features\":[{\"name\":\"sales\",\"method\":\"linf_robust\",\"distance\":0.4,\"threshold\":0.2}]}";
    assertThat(TriggerMessages.parse(drift, PREFIX))
        .singleElement()
        .isInstanceOfSatisfying(
            TriggerMessage.Drift.class,
            d -> assertThat(d.event().dataset()).isEqualTo("txhousing"));
    String source = "{\"type\":\"source-change\",\"commit\":\"abc123\",\"image\":\"model:2\"}";
    assertThat(TriggerMessages.parse(source, PREFIX))
        .singleElement()
        .isInstanceOfSatisfying(
            TriggerMessage.SourceChange.class,
            s -> assertThat(s.event().image()).isEqualTo("model:2"));
  }

  @Test
  void wellFormedButIrrelevantMessagesAreIgnored() {
    assertThat(
            TriggerMessages.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}", PREFIX))
        .singleElement()
        .isInstanceOf(TriggerMessage.Ignored.class);
    assertThat(
            TriggerMessages.parse(
                s3Event("ObjectRemoved:Delete", "datasets/txhousing/a.csv"), PREFIX))
        .singleElement()
        .isInstanceOf(TriggerMessage.Ignored.class);
    assertThat(TriggerMessages.parse(s3Event("ObjectCreated:Put", "elsewhere/a.csv"), PREFIX))
        .singleElement()
        .isInstanceOf(TriggerMessage.Ignored.class);
    assertThat(
            TriggerMessages.parse(s3Event("ObjectCreated:Put", "datasets/loose-file.csv"), PREFIX))
        .singleElement()
        .isInstanceOf(TriggerMessage.Ignored.class);
  }

  @Test
  void anythingElseIsMalformed() {
    for (String body :
        new String[] {
          "not json at all",
          "[1,2,3]",
          "{\"hello\":\"world\"}",
          "{\"type\":\"party\"}",
          "{\"type\":\"drift\",\"endpoint\":\"x\"}",
          "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}",
          "{\"Records\":[]}",
          "{\"Records\":\"nope\"}"
        }) {
      assertThat(TriggerMessages.parse(body, PREFIX))
          .as(body)
          .singleElement()
          .isInstanceOf(TriggerMessage.Malformed.class);
    }
  }

  @Test
  void datasetNamesComeFromTheFolder() {
    assertThat(TriggerMessages.datasetOf("datasets/a/b/c.csv", PREFIX)).isEqualTo("a");
    assertThat(TriggerMessages.datasetOf("datasets/a/", PREFIX)).isNull();
    assertThat(TriggerMessages.datasetOf("datasets/../x.csv", PREFIX)).isNull();
  }
}
