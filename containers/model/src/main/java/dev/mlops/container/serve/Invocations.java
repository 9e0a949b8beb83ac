package dev.mlops.container.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.container.predict.ServingModel;
import dev.mlops.contract.csv.CsvParser;
import dev.mlops.contract.encoding.FeatureEncoder;
import dev.mlops.contract.encoding.InvalidInputException;
import dev.mlops.contract.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /invocations} without the HTTP: request body in, prediction body out. Kept apart from
 * the server so it is tested directly and so the HTTP layer stays a thin shell.
 */
final class Invocations {

  static final String CSV = "text/csv";
  static final String JSON = "application/json";

  /** SageMaker's real-time payload limit. */
  static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

  private static final ObjectMapper MAPPER = Json.mapper();

  private final ServingModel model;
  private final FeatureEncoder encoder;
  private final int width;

  Invocations(ServingModel model) {
    this.model = model;
    this.encoder = model.encoder();
    this.width = encoder.width();
  }

  /** The answer: body, its content type, and how many unseen categories were read as missing. */
  record Answer(String contentType, String body, int unknownCategories, int rows) {}

  Answer invoke(String contentType, String accept, byte[] body) {
    String requestType = mediaType(contentType);
    if (requestType == null || (!requestType.equals(CSV) && !requestType.equals(JSON))) {
      throw new InvocationException(
          415,
          "unsupported content type '"
              + (contentType == null ? "" : contentType)
              + "': send text/csv or application/json");
    }
    String responseType = responseType(accept, requestType);
    if (body.length == 0) {
      throw new InvocationException(400, "the request body is empty");
    }
    Encoded encoded = requestType.equals(CSV) ? fromCsv(body) : fromJson(body);
    int outputs = model.predictor().outputsPerRow();
    float[] out = new float[encoded.rows * outputs];
    model.predictor().predict(encoded.values, encoded.rows, out);
    String text =
        responseType.equals(CSV)
            ? formatCsv(out, encoded.rows, outputs)
            : formatJson(out, encoded.rows, outputs);
    return new Answer(responseType, text, encoded.unknown, encoded.rows);
  }

  private record Encoded(float[] values, int rows, int unknown) {}

  private Encoded fromCsv(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    List<String> lines = CsvParser.lines(text);
    if (lines.isEmpty()) {
      throw new InvocationException(400, "the request has no rows");
    }
    float[] values = new float[lines.size() * width];
    int unknown = 0;
    for (int r = 0; r < lines.size(); r++) {
      try {
        unknown +=
            encoder.encodeFields(CsvParser.parseLine(lines.get(r)), values, r * width, r + 1);
      } catch (InvalidInputException e) {
        throw bad(e);
      }
    }
    return new Encoded(values, lines.size(), unknown);
  }

  private Encoded fromJson(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvocationException(400, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvocationException(400, "unreadable JSON body");
    }
    JsonNode instances = root == null ? null : root.get("instances");
    if (instances == null || !instances.isArray()) {
      throw new InvocationException(
          400, "expected a JSON object {\"instances\": [{\"<feature>\": value, ...}, ...]}");
    }
    if (instances.isEmpty()) {
      throw new InvocationException(400, "'instances' is empty");
    }
    int rows = instances.size();
    float[] values = new float[rows * width];
    int unknown = 0;
    for (int r = 0; r < rows; r++) {
      JsonNode instance = instances.get(r);
      try {
        if (instance.isObject()) {
          unknown += encoder.encodeInstance(toMap(instance), values, r * width, r + 1);
        } else if (instance.isArray()) {
          unknown += encoder.encodeFields(toFields(instance, r + 1), values, r * width, r + 1);
        } else {
          throw new InvocationException(
              400, "instance " + (r + 1) + " is neither an object nor an array", r + 1, null);
        }
      } catch (InvalidInputException e) {
        throw bad(e);
      }
    }
    return new Encoded(values, rows, unknown);
  }

  private static Map<String, Object> toMap(JsonNode instance) {
    Map<String, Object> map = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = instance.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      map.put(f.getKey(), value(f.getValue()));
    }
    return map;
  }

  private String[] toFields(JsonNode array, int row) {
    String[] fields = new String[array.size()];
    for (int i = 0; i < fields.length; i++) {
      JsonNode v = array.get(i);
      if (v.isNull()) {
        fields[i] = "";
      } else if (v.isNumber() || v.isTextual()) {
        fields[i] = v.asText();
      } else {
        throw new InvocationException(
            400, "row " + row + ": value " + (i + 1) + " is not a number or a label", row, null);
      }
    }
    return fields;
  }

  private static Object value(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return v.isArray() ? List.of() : Map.of();
  }

  private static InvocationException bad(InvalidInputException e) {
    return new InvocationException(400, e.getMessage(), e.row(), e.column());
  }

  private String formatCsv(float[] out, int rows, int outputs) {
    StringBuilder s = new StringBuilder(rows * 12);
    for (int r = 0; r < rows; r++) {
      appendRow(s, out, r, outputs, false);
      s.append('\n');
    }
    return s.toString();
  }

  private String formatJson(float[] out, int rows, int outputs) {
    StringBuilder s = new StringBuilder(rows * 12 + 20).append("{\"predictions\":[");
    for (int r = 0; r < rows; r++) {
      if (r > 0) {
        s.append(',');
      }
      if (outputs > 1 && model.bare()) {
        s.append('[');
        appendRow(s, out, r, outputs, true);
        s.append(']');
      } else {
        appendRow(s, out, r, outputs, true);
      }
    }
    return s.append("]}").toString();
  }

  /** One row's prediction: the number, or for multiclass our models the predicted label. */
  private void appendRow(StringBuilder s, float[] out, int r, int outputs, boolean json) {
    if (outputs == 1) {
      s.append(out[r]);
      return;
    }
    if (model.bare() || model.classes() == null) {
      for (int c = 0; c < outputs; c++) {
        if (c > 0) {
          s.append(',');
        }
        s.append(out[r * outputs + c]);
      }
      return;
    }
    int best = 0;
    for (int c = 1; c < outputs; c++) {
      if (out[r * outputs + c] > out[r * outputs + best]) {
        best = c;
      }
    }
    String label = model.classes().get(best);
    if (json) {
      s.append('"').append(label.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else {
      s.append(CsvParser.quote(label));
    }
  }

  /** The media type without parameters, lower case; null when absent. */
  static String mediaType(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** The answer type from Accept; the request's own type when Accept is absent or a wildcard. */
  static String responseType(String accept, String requestType) {
    if (accept == null || accept.isBlank()) {
      return requestType;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    boolean json = a.contains(JSON);
    boolean csv = a.contains(CSV);
    if (json && csv) {
      return a.indexOf(JSON) < a.indexOf(CSV) ? JSON : CSV;
    }
    if (json) {
      return JSON;
    }
    if (csv) {
      return CSV;
    }
    if (a.contains("*/*") || a.contains("text/*") || a.contains("application/*")) {
      return requestType;
    }
    throw new InvocationException(
        406, "cannot answer in '" + accept + "': accept text/csv or application/json");
  }
}
