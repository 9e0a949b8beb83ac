package dev.mlops.drift.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.mlops.contract.baseline.FeatureSketch;
import dev.mlops.drift.window.DriftWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Folds SageMaker data capture JSONL into monitoring windows, straight from the object's bytes:
 * Jackson's streaming parser per line, the payloads copied into reused character buffers, CSV
 * fields and numbers read in place, values folded directly into the window's sketches. No record
 * objects, no trees, no String per number. A malformed line, payload or value is counted in the
 * window and skipped; nothing here throws for bad data. One reader per thread.
 */
public final class CaptureReader {

  private static final int UNKNOWN = 0;
  private static final int CSV = 1;
  private static final int JSON = 2;
  private static final int BASE64 = 3;

  // SageMaker writes the fields in this order; nextFieldName() matches an expected name on its raw
  // bytes, much faster than reading and looking up every name (other orders still work)
  private static final SerializedString CAPTURE_DATA = new SerializedString("captureData");
  private static final SerializedString EVENT_METADATA = new SerializedString("eventMetadata");
  private static final SerializedString EVENT_VERSION = new SerializedString("eventVersion");
  private static final SerializedString ENDPOINT_INPUT = new SerializedString("endpointInput");
  private static final SerializedString ENDPOINT_OUTPUT = new SerializedString("endpointOutput");
  private static final SerializedString CONTENT_TYPE = new SerializedString("observedContentType");
  private static final SerializedString MODE = new SerializedString("mode");
  private static final SerializedString DATA = new SerializedString("data");
  private static final SerializedString ENCODING = new SerializedString("encoding");
  private static final SerializedString EVENT_ID = new SerializedString("eventId");
  private static final SerializedString INFERENCE_TIME = new SerializedString("inferenceTime");

  private final JsonFactory factory = new JsonFactory();
  private SerializedString[] featureNames = new SerializedString[0];
  private SchemaLayout namedLayout;
  private final Payload input = new Payload();
  private final Payload output = new Payload();
  private char[] eventTime = new char[64];
  private int eventTimeLength;
  private boolean[] seen = new boolean[0];
  private final long[] skipped = new long[SkipReason.values().length];
  private long captures;
  private long records;

  /** One side of a capture record, copied out of the parser's buffer. */
  private static final class Payload {
    char[] data = new char[1024];
    int length;
    boolean present;
    int contentType;
    int encoding;

    void reset() {
      length = 0;
      present = false;
      contentType = UNKNOWN;
      encoding = UNKNOWN;
    }

    void set(char[] src, int off, int len) {
      if (data.length < len) {
        data = new char[Math.max(len, data.length * 2)];
      }
      System.arraycopy(src, off, data, 0, len);
      length = len;
      present = true;
    }

    /** CSV or JSON, from the content type, else from the encoding SageMaker chose. */
    int kind() {
      if (contentType != UNKNOWN) {
        return contentType;
      }
      return encoding == CSV || encoding == JSON ? encoding : UNKNOWN;
    }
  }

  /** Folds a whole object; lines are separated by '\n'. */
  public ObjectFold fold(byte[] data, SchemaLayout layout, WindowCursor cursor) {
    return fold(data, 0, data.length, layout, cursor);
  }

  public ObjectFold fold(byte[] data, int off, int len, SchemaLayout layout, WindowCursor cursor) {
    Arrays.fill(skipped, 0);
    captures = 0;
    records = 0;
    if (seen.length != layout.size()) {
      seen = new boolean[layout.size()];
    }
    int end = off + len;
    int start = off;
    while (start < end) {
      int nl = start;
      while (nl < end && data[nl] != '\n') {
        nl++;
      }
      int lineEnd = nl;
      while (lineEnd > start && (data[lineEnd - 1] == '\r' || data[lineEnd - 1] == ' ')) {
        lineEnd--;
      }
      int lineStart = start;
      while (lineStart < lineEnd && (data[lineStart] == ' ' || data[lineStart] == '\t')) {
        lineStart++;
      }
      if (lineEnd > lineStart) {
        foldLine(data, lineStart, lineEnd - lineStart, layout, cursor);
      }
      start = nl + 1;
    }
    return new ObjectFold(captures, records, skipped.clone());
  }

  private void foldLine(byte[] data, int off, int len, SchemaLayout layout, WindowCursor cursor) {
    captures++;
    input.reset();
    output.reset();
    eventTimeLength = 0;
    boolean wellFormed;
    try (JsonParser p = factory.createParser(data, off, len)) {
      wellFormed = parseRecord(p);
    } catch (IOException | RuntimeException e) {
      wellFormed = false;
    }
    DriftWindow w = cursor.current();
    w.countCapture();
    if (!wellFormed || !input.present) {
      skip(w, SkipReason.MALFORMED_LINE);
      cursor.afterRecord();
      return;
    }
    if (eventTimeLength > 0) {
      w.eventTime(eventTime, 0, eventTimeLength);
    }
    if (input.encoding == BASE64 && !decodeBase64(input)) {
      skip(w, SkipReason.MALFORMED_INPUT);
      cursor.afterRecord();
      return;
    }
    int rows;
    switch (input.kind()) {
      case CSV -> rows = foldCsvInput(layout, w);
      case JSON -> rows = foldJsonInput(layout, w);
      default -> {
        skip(w, SkipReason.UNSUPPORTED_CONTENT_TYPE);
        cursor.afterRecord();
        return;
      }
    }
    if (rows == 0 && input.kind() == CSV) {
      skip(w, SkipReason.EMPTY_INPUT);
    }
    w.countRecords(Math.max(rows, 0));
    records += Math.max(rows, 0);
    if (output.present) {
      if (output.encoding == BASE64 && !decodeBase64(output)) {
        skip(w, SkipReason.MALFORMED_OUTPUT);
      } else {
        foldOutput(w);
      }
    }
    cursor.afterRecord();
  }

  private void skip(DriftWindow w, SkipReason reason) {
    w.skip(reason);
    skipped[reason.ordinal()]++;
  }

  // ---- the capture record ----

  /**
   * The next field's name, trying the expected one first; null at the end of the object. A matched
   * name comes back as the constant's own String, so callers compare with ==-fast equals.
   */
  private static String field(JsonParser p, SerializedString expected) throws IOException {
    if (p.nextFieldName(expected)) {
      return expected.getValue();
    }
    return p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
  }

  private boolean parseRecord(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    SerializedString expected = CAPTURE_DATA;
    String name;
    while ((name = field(p, expected)) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT && CAPTURE_DATA.getValue().equals(name)) {
        parseCaptureData(p);
        expected = EVENT_METADATA;
      } else if (t == JsonToken.START_OBJECT && EVENT_METADATA.getValue().equals(name)) {
        parseEventMetadata(p);
        expected = EVENT_VERSION;
      } else {
        p.skipChildren();
      }
    }
    // one JSON object per line, nothing after it
    return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
  }

  private void parseCaptureData(JsonParser p) throws IOException {
    SerializedString expected = ENDPOINT_INPUT;
    String name;
    while ((name = field(p, expected)) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT && ENDPOINT_INPUT.getValue().equals(name)) {
        parsePayload(p, input);
        expected = ENDPOINT_OUTPUT;
      } else if (t == JsonToken.START_OBJECT && ENDPOINT_OUTPUT.getValue().equals(name)) {
        parsePayload(p, output);
      } else {
        p.skipChildren();
      }
    }
  }

  private void parsePayload(JsonParser p, Payload payload) throws IOException {
    boolean hasData = false;
    SerializedString expected = CONTENT_TYPE;
    String name;
    while ((name = field(p, expected)) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_STRING) {
        if (DATA.getValue().equals(name)) {
          payload.set(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          hasData = true;
          expected = ENCODING;
        } else if (CONTENT_TYPE.getValue().equals(name)) {
          payload.contentType =
              contentType(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          expected = MODE;
        } else if (ENCODING.getValue().equals(name)) {
          payload.encoding = encoding(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } else if (MODE.getValue().equals(name)) {
          expected = DATA;
        }
      } else {
        p.skipChildren();
      }
    }
    payload.present = hasData;
  }

  private void parseEventMetadata(JsonParser p) throws IOException {
    SerializedString expected = EVENT_ID;
    String name;
    while ((name = field(p, expected)) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_STRING && INFERENCE_TIME.getValue().equals(name)) {
        int l = p.getTextLength();
        if (l <= eventTime.length) {
          System.arraycopy(p.getTextCharacters(), p.getTextOffset(), eventTime, 0, l);
          eventTimeLength = l;
        }
      } else {
        if (EVENT_ID.getValue().equals(name)) {
          expected = INFERENCE_TIME;
        }
        p.skipChildren();
      }
    }
  }

  private static int contentType(char[] c, int o, int l) {
    if (startsWithIgnoreCase(c, o, l, "text/csv")) {
      return CSV;
    }
    if (startsWithIgnoreCase(c, o, l, "application/json")) {
      return JSON; // also application/jsonlines
    }
    return UNKNOWN;
  }

  private static int encoding(char[] c, int o, int l) {
    if (startsWithIgnoreCase(c, o, l, "CSV")) {
      return CSV;
    }
    if (startsWithIgnoreCase(c, o, l, "JSON")) {
      return JSON;
    }
    if (startsWithIgnoreCase(c, o, l, "BASE64")) {
      return BASE64;
    }
    return UNKNOWN;
  }

  private static boolean startsWithIgnoreCase(char[] c, int o, int l, String prefix) {
    if (l < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(c[o + i]) != Character.toLowerCase(prefix.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean decodeBase64(Payload payload) {
    try {
      byte[] bytes = Base64.getDecoder().decode(new String(payload.data, 0, payload.length));
      char[] text = new String(bytes, StandardCharsets.UTF_8).toCharArray();
      payload.set(text, 0, text.length);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ---- CSV input: rows in schema feature order, no header ----

  private int foldCsvInput(SchemaLayout layout, DriftWindow w) {
    char[] buf = input.data;
    int len = input.length;
    int n = layout.size();
    int rows = 0;
    int pos = 0;
    while (pos < len) {
      // skip blank lines
      char c = buf[pos];
      if (c == '\n' || c == '\r') {
        pos++;
        continue;
      }
      int column = 0;
      boolean extra = false;
      boolean rowEnd = false;
      while (!rowEnd) {
        int fieldStart;
        int fieldEnd;
        boolean escaped = false;
        int p = pos;
        while (p < len && buf[p] == ' ') {
          p++;
        }
        if (p < len && buf[p] == '"') {
          fieldStart = p + 1;
          p = fieldStart;
          while (p < len) {
            if (buf[p] == '"') {
              if (p + 1 < len && buf[p + 1] == '"') {
                escaped = true;
                p += 2;
                continue;
              }
              break;
            }
            p++;
          }
          fieldEnd = Math.min(p, len);
          p++; // past the closing quote
          while (p < len && buf[p] != ',' && buf[p] != '\n' && buf[p] != '\r') {
            p++;
          }
        } else {
          fieldStart = p;
          while (p < len && buf[p] != ',' && buf[p] != '\n' && buf[p] != '\r') {
            p++;
          }
          fieldEnd = p;
        }
        if (column < n) {
          foldText(layout, w, column, buf, fieldStart, fieldEnd, escaped);
        } else {
          extra = true;
          w.extraColumn("_c" + column);
        }
        column++;
        if (p < len && buf[p] == ',') {
          pos = p + 1;
          if (pos >= len) {
            // a trailing comma: one more, empty field
            if (column < n) {
              foldText(layout, w, column, buf, pos, pos, false);
            } else {
              extra = true;
              w.extraColumn("_c" + column);
            }
            column++;
            rowEnd = true;
          }
        } else {
          pos = p < len ? p + 1 : len;
          if (p < len && buf[p] == '\r' && pos < len && buf[pos] == '\n') {
            pos++;
          }
          rowEnd = true;
        }
      }
      if (extra) {
        w.extraColumnRecord();
      }
      if (column < n) {
        for (int j = column; j < n; j++) {
          w.countAbsent(j);
        }
        w.missingColumnRecord();
      }
      rows++;
    }
    return rows;
  }

  /** Folds one textual value (a CSV field or a JSON string) into feature j. */
  private static void foldText(
      SchemaLayout layout,
      DriftWindow w,
      int j,
      char[] buf,
      int start,
      int end,
      boolean escapedQuotes) {
    while (start < end && Character.isWhitespace(buf[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(buf[end - 1])) {
      end--;
    }
    FeatureSketch sketch = w.feature(j);
    int len = end - start;
    if (layout.isMissing(buf, start, len)) {
      sketch.addMissing();
    } else if (layout.isNumeric(j)) {
      double v = FastNumbers.parse(buf, start, len);
      if (Double.isNaN(v)) {
        sketch.addWrongType();
      } else {
        sketch.addNumber(v);
      }
    } else {
      String label = new String(buf, start, len);
      sketch.addLabel(escapedQuotes ? label.replace("\"\"", "\"") : label);
    }
  }

  // ---- JSON input: {"instances": [...]} or a bare array; instances are objects or arrays ----

  private int foldJsonInput(SchemaLayout layout, DriftWindow w) {
    int rows = 0;
    try (JsonParser p = factory.createParser(input.data, 0, input.length)) {
      JsonToken t = p.nextToken();
      boolean found = false;
      if (t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          t = p.nextToken();
          if (t == JsonToken.START_ARRAY && "instances".equals(name) && !found) {
            found = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (t == null) {
                throw new IOException("truncated");
              }
              foldInstance(p, t, layout, w);
              rows++;
            }
          } else {
            p.skipChildren();
          }
        }
      } else if (t == JsonToken.START_ARRAY) {
        found = true;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            throw new IOException("truncated");
          }
          foldInstance(p, t, layout, w);
          rows++;
        }
      }
      if (!found) {
        skip(w, SkipReason.MALFORMED_INPUT);
      } else if (rows == 0) {
        skip(w, SkipReason.EMPTY_INPUT);
      }
    } catch (IOException | RuntimeException e) {
      // rows already folded stay folded (they were well formed); the rest is lost
      skip(w, SkipReason.MALFORMED_INPUT);
    }
    return rows;
  }

  private void foldInstance(JsonParser p, JsonToken t, SchemaLayout layout, DriftWindow w)
      throws IOException {
    int n = layout.size();
    if (t == JsonToken.START_OBJECT) {
      if (namedLayout != layout) {
        featureNames = new SerializedString[n + 1];
        for (int j = 0; j < n; j++) {
          featureNames[j] = new SerializedString(layout.name(j));
        }
        featureNames[n] = new SerializedString("");
        namedLayout = layout;
      }
      Arrays.fill(seen, false);
      boolean extra = false;
      int next = 0;
      String name;
      while ((name = field(p, featureNames[Math.min(next, n)])) != null) {
        t = p.nextToken();
        int j = name == featureNames[Math.min(next, n)].getValue() ? next : layout.position(name);
        next = j < 0 ? next : j + 1;
        if (j < 0) {
          extra = true;
          w.extraColumn(name);
          p.skipChildren();
        } else {
          seen[j] = true;
          foldJsonValue(p, t, layout, w, j);
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("truncated instance");
      }
      if (extra) {
        w.extraColumnRecord();
      }
      boolean anyAbsent = false;
      for (int j = 0; j < n; j++) {
        if (!seen[j]) {
          w.countAbsent(j);
          anyAbsent = true;
        }
      }
      if (anyAbsent) {
        w.missingColumnRecord();
      }
    } else if (t == JsonToken.START_ARRAY) {
      int column = 0;
      boolean extra = false;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new IOException("truncated instance");
        }
        if (column < n) {
          foldJsonValue(p, t, layout, w, column);
        } else {
          extra = true;
          w.extraColumn("_c" + column);
          p.skipChildren();
        }
        column++;
      }
      if (extra) {
        w.extraColumnRecord();
      }
      if (column < n) {
        for (int j = column; j < n; j++) {
          w.countAbsent(j);
        }
        w.missingColumnRecord();
      }
    } else {
      // a scalar instance: a one-feature row
      foldJsonValue(p, t, layout, w, 0);
      for (int j = 1; j < n; j++) {
        w.countAbsent(j);
      }
      if (n > 1) {
        w.missingColumnRecord();
      }
    }
  }

  private static void foldJsonValue(
      JsonParser p, JsonToken t, SchemaLayout layout, DriftWindow w, int j) throws IOException {
    FeatureSketch sketch = w.feature(j);
    switch (t) {
      case VALUE_NULL -> sketch.addMissing();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        if (layout.isNumeric(j)) {
          double v = FastNumbers.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          if (Double.isNaN(v)) {
            sketch.addWrongType();
          } else {
            sketch.addNumber(v);
          }
        } else {
          sketch.addLabel(p.getText());
        }
      }
      case VALUE_STRING ->
          foldText(
              layout,
              w,
              j,
              p.getTextCharacters(),
              p.getTextOffset(),
              p.getTextOffset() + p.getTextLength(),
              false);
      case VALUE_TRUE, VALUE_FALSE -> {
        if (layout.isNumeric(j)) {
          sketch.addWrongType();
        } else {
          sketch.addLabel(p.getText());
        }
      }
      default -> {
        sketch.addWrongType();
        p.skipChildren();
      }
    }
  }

  // ---- output: CSV lines or {"predictions": [...]} ----

  private void foldOutput(DriftWindow w) {
    int kind = output.kind();
    int n;
    if (kind == CSV) {
      n = foldCsvOutput(w);
    } else if (kind == JSON) {
      n = foldJsonOutput(w);
    } else {
      n = -1;
    }
    if (n < 0) {
      skip(w, SkipReason.MALFORMED_OUTPUT);
    } else {
      w.countPredictions(n);
    }
  }

  private int foldCsvOutput(DriftWindow w) {
    char[] buf = output.data;
    int len = output.length;
    int pos = 0;
    int n = 0;
    while (pos < len) {
      int e = pos;
      while (e < len && buf[e] != '\n') {
        e++;
      }
      // one prediction per line; with several columns (e.g. class scores) the first is folded
      int fieldEnd = pos;
      while (fieldEnd < e && buf[fieldEnd] != ',') {
        fieldEnd++;
      }
      int s = pos;
      int f = fieldEnd;
      while (s < f && Character.isWhitespace(buf[s])) {
        s++;
      }
      while (f > s && Character.isWhitespace(buf[f - 1])) {
        f--;
      }
      if (s < f && buf[s] == '"' && buf[f - 1] == '"' && f - s >= 2) {
        s++;
        f--;
      }
      if (f > s) {
        foldPrediction(w, buf, s, f - s);
        n++;
      }
      pos = e + 1;
    }
    return n;
  }

  private int foldJsonOutput(DriftWindow w) {
    int n = 0;
    try (JsonParser p = factory.createParser(output.data, 0, output.length)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          t = p.nextToken();
          if (t == JsonToken.START_ARRAY && "predictions".equals(name) && !found) {
            found = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (t == null) {
                return -1;
              }
              if (foldJsonPrediction(p, t, w)) {
                n++;
              }
            }
          } else {
            p.skipChildren();
          }
        }
        return found ? n : -1;
      }
      if (t == JsonToken.START_ARRAY) {
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            return -1;
          }
          if (foldJsonPrediction(p, t, w)) {
            n++;
          }
        }
        return n;
      }
      return t != null && foldJsonPrediction(p, t, w) ? 1 : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A prediction is a number or label, or an object whose first scalar field is one. */
  private boolean foldJsonPrediction(JsonParser p, JsonToken t, DriftWindow w) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      boolean folded = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        t = p.nextToken();
        if (!folded && t.isScalarValue()) {
          folded = foldJsonPrediction(p, t, w);
        } else {
          p.skipChildren();
        }
      }
      return folded;
    }
    if (t == JsonToken.START_ARRAY) {
      p.skipChildren();
      w.prediction().addWrongType();
      return true;
    }
    if (t == JsonToken.VALUE_NULL) {
      w.prediction().addMissing();
      return true;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      if (w.prediction().isNumeric()) {
        w.prediction().addNumber(p.getDoubleValue());
      } else {
        w.prediction().addLabel(p.getText());
      }
      return true;
    }
    foldPrediction(w, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    return true;
  }

  private static void foldPrediction(DriftWindow w, char[] buf, int off, int len) {
    FeatureSketch s = w.prediction();
    if (s.isNumeric()) {
      double v = FastNumbers.parse(buf, off, len);
      if (Double.isNaN(v)) {
        s.addWrongType();
      } else {
        s.addNumber(v);
      }
    } else {
      s.addLabel(new String(buf, off, len).trim());
    }
  }
}
