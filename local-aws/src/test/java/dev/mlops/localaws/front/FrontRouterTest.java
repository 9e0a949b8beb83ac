package dev.mlops.localaws.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** Plain unit tests (no server): path decoding and which S3 requests cause events. */
class FrontRouterTest {

  @Test
  void percentDecodingKeepsPlusAndToleratesStrayPercent() {
    assertThat(FrontRouter.percentDecode("a%20b+c%2Fd")).isEqualTo("a b+c/d");
    assertThat(FrontRouter.percentDecode("100%")).isEqualTo("100%");
    assertThat(FrontRouter.percentDecode("x%zz")).isEqualTo("x%zz");
    assertThat(FrontRouter.percentDecode("caf%C3%A9")).isEqualTo("café");
  }

  @Test
  void onlyObjectWritesAndDeletesCauseEvents() {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    assertThat(FrontRouter.eventName(HttpMethod.PUT, "k", none, null))
        .isEqualTo("ObjectCreated:Put");
    assertThat(FrontRouter.eventName(HttpMethod.PUT, "k", none, "/b/src"))
        .isEqualTo("ObjectCreated:Copy");
    assertThat(FrontRouter.eventName(HttpMethod.PUT, "", none, null)).isNull();
    assertThat(
            FrontRouter.eventName(
                HttpMethod.PUT,
                "k",
                MultiMap.caseInsensitiveMultiMap().add("partNumber", "1").add("uploadId", "u"),
                null))
        .isNull();
    assertThat(
            FrontRouter.eventName(
                HttpMethod.POST,
                "k",
                MultiMap.caseInsensitiveMultiMap().add("uploadId", "u"),
                null))
        .isEqualTo("ObjectCreated:CompleteMultipartUpload");
    assertThat(
            FrontRouter.eventName(
                HttpMethod.POST, "k", MultiMap.caseInsensitiveMultiMap().add("uploads", ""), null))
        .isNull();
    assertThat(FrontRouter.eventName(HttpMethod.DELETE, "k", none, null))
        .isEqualTo("ObjectRemoved:Delete");
    assertThat(FrontRouter.eventName(HttpMethod.GET, "k", none, null)).isNull();
  }
}
