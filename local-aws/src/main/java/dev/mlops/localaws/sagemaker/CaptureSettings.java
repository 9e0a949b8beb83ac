package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.localaws.s3.ObjectStore.S3Location;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * An endpoint configuration's {@code DataCaptureConfig}.
 *
 * @param samplingPercentage 0-100
 * @param captureInput {@code CaptureOptions} has {@code Input}
 * @param captureOutput {@code CaptureOptions} has {@code Output}
 * @param csvTypes {@code CaptureContentTypeHeader.CsvContentTypes}, empty for SageMaker's default
 * @param jsonTypes {@code CaptureContentTypeHeader.JsonContentTypes}, empty for the default
 */
record CaptureSettings(
    S3Location destination,
    int samplingPercentage,
    boolean captureInput,
    boolean captureOutput,
    Set<String> csvTypes,
    Set<String> jsonTypes) {

  /** Null when capture is absent or disabled. */
  static CaptureSettings from(JsonNode dc) {
    if (dc == null || !dc.isObject() || !dc.path("EnableCapture").asBoolean(true)) {
      return null;
    }
    boolean in = false;
    boolean out = false;
    for (JsonNode o : dc.path("CaptureOptions")) {
      String mode = o.path("CaptureMode").asText();
      in |= mode.equals("Input");
      out |= mode.equals("Output");
    }
    return new CaptureSettings(
        S3Location.parse(dc.path("DestinationS3Uri").asText()),
        dc.path("InitialSamplingPercentage").asInt(100),
        in,
        out,
        lower(dc.path("CaptureContentTypeHeader").path("CsvContentTypes")),
        lower(dc.path("CaptureContentTypeHeader").path("JsonContentTypes")));
  }

  private static Set<String> lower(JsonNode a) {
    Set<String> s = new HashSet<>();
    a.forEach(x -> s.add(x.asText().toLowerCase(Locale.ROOT)));
    return Set.copyOf(s);
  }

  /**
   * CSV, JSON or BASE64 for a content type. With a {@code CaptureContentTypeHeader}, as SageMaker:
   * the listed types are CSV or JSON, every other type BASE64. Without one, the contract's choice
   * by content type (SageMaker would base64 everything; both decode the same way).
   */
  String encoding(String contentType) {
    if (csvTypes.isEmpty() && jsonTypes.isEmpty()) {
      return dev.mlops.contract.capture.CaptureCodec.encodingFor(contentType);
    }
    String ct =
        contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
    if (csvTypes.contains(ct)) {
      return "CSV";
    }
    if (jsonTypes.contains(ct)) {
      return "JSON";
    }
    return "BASE64";
  }
}
