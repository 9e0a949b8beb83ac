package dev.mlops.drift.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Plain JUnit: reading notifications and capture keys is pure. */
class CaptureNotificationTest {

  @Test
  void readsS3NotificationsPlainAndSnsWrapped() throws Exception {
    String plain =
        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
            + "\"object\":{\"key\":\"ep/AllTraffic/2024/05/01/10/a+b%2Bc.jsonl\",\"size\":42,"
            + "\"eTag\":\"\\\"abc\\\"\"}}},"
            + "{\"eventName\":\"ObjectRemoved:Delete\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
            + "\"object\":{\"key\":\"gone\"}}}]}";
    CaptureNotification n = CaptureNotification.parse(plain);
    assertThat(n.objects())
        .containsExactly(new ObjectRef("b", "ep/AllTraffic/2024/05/01/10/a b+c.jsonl", "abc", 42));
    String wrapped =
        "{\"Type\":\"Notification\",\"Message\":"
            + dev.mlops.contract.json.Json.string(plain)
            + "}";
    assertThat(CaptureNotification.parse(wrapped).objects()).isEqualTo(n.objects());
    assertThat(CaptureNotification.parse("{\"Event\":\"s3:TestEvent\"}").objects()).isEmpty();
  }

  @Test
  void anythingElseIsMalformed() {
    for (String body :
        new String[] {
          "",
          "[]",
          "not json",
          "{\"Records\": 3}",
          "{\"hello\": 1}",
          "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{}}]}"
        }) {
      assertThatThrownBy(() -> CaptureNotification.parse(body))
          .as(body)
          .isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void theEndpointComesFromSageMakersKeyLayout() {
    assertThat(CaptureKey.endpoint("mlops-prod-v3/AllTraffic/2024/05/01/10/x.jsonl"))
        .contains("mlops-prod-v3");
    assertThat(CaptureKey.endpoint("capture/prefix/ep/stable/2024/05/01/10/x.jsonl"))
        .contains("ep");
    assertThat(CaptureKey.endpoint("ep/AllTraffic/2024/05/xx/10/x.jsonl")).isEmpty();
    assertThat(CaptureKey.endpoint("ep/x.jsonl")).isEmpty();
    assertThat(CaptureKey.endpoint(null)).isEmpty();
  }
}
