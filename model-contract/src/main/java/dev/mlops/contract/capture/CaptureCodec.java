package dev.mlops.contract.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.contract.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads and writes data capture JSONL lines, choosing SageMaker's encoding from the content type.
 */
public final class CaptureCodec {

  private static final ObjectReader READER = Json.mapper().readerFor(CaptureRecord.class);
  private static final ObjectWriter WRITER =
      Json.mapper().writerFor(CaptureRecord.class).without(SerializationFeature.INDENT_OUTPUT);

  private CaptureCodec() {}

  /** Parses one JSONL line; throws {@link IllegalArgumentException} for a malformed line. */
  public static CaptureRecord parse(String line) {
    try {
      CaptureRecord r = READER.readValue(line);
      if (r == null || r.captureData() == null) {
        throw new IllegalArgumentException("not a capture record: no captureData");
      }
      return r;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed capture line: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serializes a record as one line, without the trailing newline. */
  public static String line(CaptureRecord record) {
    try {
      return WRITER.writeValueAsString(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A capture record as SageMaker writes it for one invocation. */
  public static CaptureRecord record(
      String eventId,
      String inferenceId,
      Instant time,
      String inputContentType,
      byte[] input,
      String outputContentType,
      byte[] output) {
    return new CaptureRecord(
        new CaptureRecord.CaptureData(
            payload(inputContentType, "INPUT", input),
            payload(outputContentType, "OUTPUT", output)),
        new CaptureRecord.EventMetadata(eventId, inferenceId, time.toString()),
        CaptureRecord.EVENT_VERSION);
  }

  static CaptureRecord.Payload payload(String contentType, String mode, byte[] body) {
    String encoding = encodingFor(contentType);
    String data =
        encoding.equals("BASE64")
            ? Base64.getEncoder().encodeToString(body)
            : new String(body, StandardCharsets.UTF_8);
    return new CaptureRecord.Payload(contentType, mode, data, encoding);
  }

  /** SageMaker's capture encoding for a content type: CSV, JSON or BASE64. */
  public static String encodingFor(String contentType) {
    if (contentType == null) {
      return "BASE64";
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (ct.startsWith("text/csv")) {
      return "CSV";
    }
    if (ct.startsWith("application/json") || ct.startsWith("application/jsonlines")) {
      return "JSON";
    }
    return "BASE64";
  }

  /** The payload's body as text, decoding base64 when needed. */
  public static String text(CaptureRecord.Payload payload) {
    if (payload == null || payload.data() == null) {
      return "";
    }
    if ("BASE64".equalsIgnoreCase(payload.encoding())) {
      return new String(Base64.getDecoder().decode(payload.data()), StandardCharsets.UTF_8);
    }
    return payload.data();
  }

  static ObjectMapper mapper() {
    return Json.mapper();
  }
}
