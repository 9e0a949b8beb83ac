package dev.mlops.contract.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CaptureCodecTest {

  @Test
  void writesSageMakerCaptureLinesAndReadsThemBack() {
    CaptureRecord r =
        CaptureCodec.record(
            "e-1",
            null,
            Instant.parse("2026-11-26T10:00:00Z"),
            "text/csv",
            "1,2,3".getBytes(StandardCharsets.UTF_8),
            "application/octet-stream",
            new byte[] {1, 2});
    String line = CaptureCodec.line(r);
    assertThat(line)
        .startsWith(
            "{\"captureData\":{\"endpointInput\":{\"observedContentType\":\"text/csv\",\"mode\":\"INPUT\",\"data\":\"1,2,3\",\"encoding\":\"CSV\"}")
        .contains("\"encoding\":\"BASE64\"")
        .contains(
            "\"eventMetadata\":{\"eventId\":\"e-1\",\"inferenceTime\":\"2026-11-26T10:00:00Z\"}")
        .endsWith("\"eventVersion\":\"0\"}")
        .doesNotContain("\n");
    CaptureRecord back = CaptureCodec.parse(line);
    assertThat(CaptureCodec.text(back.captureData().endpointInput())).isEqualTo("1,2,3");
  }

  @Test
  void malformedLinesAreRejectedWithAReason() {
    assertThatThrownBy(() -> CaptureCodec.parse("{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed capture line");
    assertThatThrownBy(() -> CaptureCodec.parse("{\"x\":1}"))
        .hasMessageContaining("no captureData");
  }
}
