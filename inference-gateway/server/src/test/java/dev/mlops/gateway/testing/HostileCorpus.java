package dev.mlops.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Requests a client must never get a 2xx or a 5xx for: malformed JSON, wrong shapes and types,
 * non-finite and huge numbers, missing, extra and duplicate fields, too few and too many instances,
 * oversized bodies, wrong content types, odd Unicode and invalid UTF-8, deep nesting, and seeded
 * mutations of a valid body. Hand-written cases and generated ones, for the anchor schema (numeric
 * f0..f7).
 */
public final class HostileCorpus {

  /**
   * @param expected the status, or 0 when any 4xx is right (fuzzed bodies: 400 or 422)
   */
  public record Case(
      String name, String method, String path, String contentType, byte[] body, int expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static final String VALID_INSTANCE =
      "{\"f0\":0.53,\"f1\":-0.75,\"f2\":0.78,\"f3\":-0.63,\"f4\":0.67,\"f5\":0.29,\"f6\":-0.23,\"f7\":-0.54}";
  public static final String VALID_BODY = "{\"instances\":[" + VALID_INSTANCE + "]}";

  private static final String JSON = "application/json";
  private final List<Case> cases = new ArrayList<>();

  private HostileCorpus() {}

  public static List<Case> cases() {
    HostileCorpus c = new HostileCorpus();
    c.malformedJson();
    c.badValuesPerFeature();
    c.missingExtraAndDuplicateFields();
    c.shapesAndSizes();
    c.contentTypesAndMethods();
    c.oddUnicode();
    c.seededMutations();
    return List.copyOf(c.cases);
  }

  private void add(String name, String body, int expected) {
    cases.add(
        new Case(
            name, "POST", "/v1/predict", JSON, body.getBytes(StandardCharsets.UTF_8), expected));
  }

  private void addBytes(String name, byte[] body, int expected) {
    cases.add(new Case(name, "POST", "/v1/predict", JSON, body, expected));
  }

  /** A valid instance with one feature's value text replaced. */
  private static String withValue(int feature, String value) {
    return "{\"instances\":["
        + VALID_INSTANCE.replaceFirst(
            "\"f" + feature + "\":[^,}]+",
            "\"f" + feature + "\":" + java.util.regex.Matcher.quoteReplacement(value))
        + "]}";
  }

  private void malformedJson() {
    String[][] bodies = {
      {"empty body", ""},
      {"whitespace only", "   \n\t "},
      {"null document", "null"},
      {"true document", "true"},
      {"number document", "42"},
      {"string document", "\"instances\""},
      {"array document", "[" + VALID_INSTANCE + "]"},
      {"empty object", "{}"},
      {"lone brace", "{"},
      {"lone bracket", "["},
      {"truncated after key", "{\"instances\":"},
      {"truncated in array", "{\"instances\":[" + VALID_INSTANCE},
      {"truncated in string", "{\"instances\":[{\"f0"},
      {"trailing comma in array", "{\"instances\":[" + VALID_INSTANCE + ",]}"},
      {"trailing comma in object", "{\"instances\":[" + VALID_INSTANCE.replace("}", ",}") + "]}"},
      {"single quotes", VALID_BODY.replace('"', '\'')},
      {"unquoted keys", "{instances:[" + VALID_INSTANCE + "]}"},
      {"comment", "{/* c */\"instances\":[" + VALID_INSTANCE + "]}"},
      {"line comment", "// c\n" + VALID_BODY},
      {"trailing garbage", VALID_BODY + "x"},
      {"two documents", VALID_BODY + VALID_BODY},
      {"trailing object", VALID_BODY + "{}"},
      {"unknown top-level field", "{\"instances\":[" + VALID_INSTANCE + "],\"extra\":1}"},
      {"only unknown top-level field", "{\"data\":[" + VALID_INSTANCE + "]}"},
      {"misspelled instances", "{\"Instances\":[" + VALID_INSTANCE + "]}"},
      {
        "duplicate instances key",
        "{\"instances\":[" + VALID_INSTANCE + "],\"instances\":[" + VALID_INSTANCE + "]}"
      },
      {"instances is an object", "{\"instances\":" + VALID_INSTANCE + "}"},
      {"instances is a string", "{\"instances\":\"" + VALID_INSTANCE.replace("\"", "\\\"") + "\"}"},
      {"instances is null", "{\"instances\":null}"},
      {"instances is a number", "{\"instances\":1}"},
      {"leading zero", withValue(0, "01")},
      {"bare decimal point", withValue(0, "1.")},
      {"leading decimal point", withValue(0, ".5")},
      {"leading plus", withValue(0, "+1")},
      {"hex number", withValue(0, "0x10")},
      {"number with suffix", withValue(0, "1.5f")},
      {"very long number", withValue(0, "1" + "0".repeat(2000))},
      {"very long fraction", withValue(0, "0." + "1".repeat(2000))},
      {"unescaped control char in string", "{\"instances\":[{\"f0\":\"a\u0001b\"}]}"},
      {"raw newline in key", "{\"instances\":[{\"f\n0\":1}]}"},
      {"bad escape", "{\"instances\":[{\"f0\":\"\\x41\"}]}"},
      {"short unicode escape", "{\"instances\":[{\"f0\":\"\\u12\"}]}"},
      {"missing colon", "{\"instances\":[{\"f0\" 1}]}"},
      {"missing comma", "{\"instances\":[{\"f0\":1 \"f1\":2}]}"},
      {
        "array nesting 100000",
        "{\"instances\":[" + "[".repeat(100_000) + "]".repeat(100_000) + "]}"
      },
      {
        "object nesting 50000",
        "{\"instances\":[" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "]}"
      },
      {
        "nesting inside a feature",
        "{\"instances\":[{\"f0\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}]}"
      },
      {"unclosed nesting", "{\"instances\":[" + "[".repeat(10_000) + "]}"},
      {"huge key", "{\"instances\":[{\"" + "k".repeat(200_000) + "\":1}]}"},
      {"NaN token at top level", "NaN"},
    };
    for (String[] b : bodies) {
      add("malformed: " + b[0], b[1], 400);
    }
  }

  private void badValuesPerFeature() {
    String[] values = {
      "NaN",
      "Infinity",
      "-Infinity",
      "1e39",
      "-1e39",
      "3.5e38",
      "1e400",
      "-1e400",
      "1" + "0".repeat(45),
      "\"1.0\"",
      "\"abc\"",
      "true",
      "false",
      "[]",
      "{}",
      "[1]",
      "{\"v\":1}",
      "null",
      "\"\"",
      "\"NA\"",
    };
    for (int f = 0; f < 8; f++) {
      for (String v : values) {
        add(
            "f" + f + " = " + (v.length() > 20 ? v.substring(0, 20) + "..." : v),
            withValue(f, v),
            422);
      }
    }
  }

  private void missingExtraAndDuplicateFields() {
    for (int f = 0; f < 8; f++) {
      String without =
          VALID_INSTANCE.replaceFirst("\"f" + f + "\":[^,}]+,?", "").replace(",}", "}");
      add("missing f" + f, "{\"instances\":[" + without + "]}", 422);
      add(
          "extra field after f" + f,
          "{\"instances\":["
              + VALID_INSTANCE.replace("\"f" + f + "\":", "\"x" + f + "\":1,\"f" + f + "\":")
              + "]}",
          422);
      add(
          "duplicate f" + f,
          "{\"instances\":[" + VALID_INSTANCE.replace("}", ",\"f" + f + "\":1}") + "]}",
          422);
      add(
          "wrong case F" + f,
          "{\"instances\":[" + VALID_INSTANCE.replace("\"f" + f + "\"", "\"F" + f + "\"") + "]}",
          422);
      add(
          "padded key ' f" + f + "'",
          "{\"instances\":[" + VALID_INSTANCE.replace("\"f" + f + "\"", "\" f" + f + "\"") + "]}",
          422);
    }
    add("empty instance", "{\"instances\":[{}]}", 422);
    add(
        "all features null",
        "{\"instances\":[" + VALID_INSTANCE.replaceAll(":[^,}]+", ":null") + "]}",
        422);
    add(
        "target given as a feature",
        "{\"instances\":[" + VALID_INSTANCE.replace("}", ",\"y\":1}") + "]}",
        422);
    add(
        "one bad instance among good ones",
        "{\"instances\":["
            + VALID_INSTANCE
            + ","
            + VALID_INSTANCE.replace("0.53", "\"x\"")
            + ","
            + VALID_INSTANCE
            + "]}",
        422);
  }

  private void shapesAndSizes() {
    add("no instances", "{\"instances\":[]}", 422);
    for (String element :
        new String[] {"1", "\"x\"", "null", "true", "[]", "[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8]"}) {
      add("instance is " + element, "{\"instances\":[" + element + "]}", 422);
    }
    add(
        "101 instances",
        "{\"instances\":[" + String.join(",", Collections.nCopies(101, VALID_INSTANCE)) + "]}",
        413);
    add(
        "5000 instances",
        "{\"instances\":[" + String.join(",", Collections.nCopies(5000, VALID_INSTANCE)) + "]}",
        413);
    add(
        "100 instances, one empty",
        "{\"instances\":[" + String.join(",", Collections.nCopies(99, VALID_INSTANCE)) + ",{}]}",
        422);
    StringBuilder big = new StringBuilder("{\"instances\":[{\"f0\":\"");
    big.append("a".repeat(10 * 1024 * 1024)).append("\"}]}");
    add("10 MB body", big.toString(), 413);
    String justOver = "{\"instances\":[" + VALID_INSTANCE + "]}";
    add(
        "1 MB + 1 byte of padding",
        justOver + " ".repeat(1024 * 1024 + 1 - justOver.length()),
        413);
    add("1 MB of whitespace", " ".repeat(1024 * 1024 + 10), 413);
    add(
        "2 MB of tiny instances",
        "{\"instances\":[" + String.join(",", Collections.nCopies(300_000, "{}")) + "]}",
        413);
  }

  private void contentTypesAndMethods() {
    String[] types = {
      "text/plain",
      "text/csv",
      "application/x-www-form-urlencoded",
      "application/xml",
      "text/json",
      "application/octet-stream",
      "multipart/form-data; boundary=x",
      "application/json-patch+json",
      "application/jsonl",
      "image/png",
    };
    for (String t : types) {
      cases.add(
          new Case(
              "content type " + t,
              "POST",
              "/v1/predict",
              t,
              VALID_BODY.getBytes(StandardCharsets.UTF_8),
              415));
    }
    cases.add(
        new Case(
            "CSV body as text/csv",
            "POST",
            "/v1/predict",
            "text/csv",
            "0.5,0.1,0.2,0.3,0.4,0.5,0.6,0.7\n".getBytes(StandardCharsets.UTF_8),
            415));
    cases.add(new Case("GET predict", "GET", "/v1/predict", null, null, 405));
    cases.add(
        new Case(
            "PUT predict",
            "PUT",
            "/v1/predict",
            JSON,
            VALID_BODY.getBytes(StandardCharsets.UTF_8),
            405));
    cases.add(new Case("DELETE predict", "DELETE", "/v1/predict", null, null, 405));
    cases.add(
        new Case(
            "POST model",
            "POST",
            "/v1/model",
            JSON,
            VALID_BODY.getBytes(StandardCharsets.UTF_8),
            405));
    cases.add(
        new Case(
            "unknown path",
            "POST",
            "/v1/predict/now",
            JSON,
            VALID_BODY.getBytes(StandardCharsets.UTF_8),
            404));
    cases.add(
        new Case(
            "unknown version",
            "POST",
            "/v2/predict",
            JSON,
            VALID_BODY.getBytes(StandardCharsets.UTF_8),
            404));
    cases.add(new Case("path traversal", "GET", "/v1/../../etc/passwd", null, null, 404));
  }

  private void oddUnicode() {
    String[] keys = {
      "f\u200b0",
      "\u202ef0",
      "f\u0660",
      "ｆ0",
      "f0\u0000",
      "\ud83d\ude00",
      "f\u0301" + "0",
      "\ufefff0",
      "",
      " ",
    };
    for (String k : keys) {
      add(
          "odd key " + escape(k),
          "{\"instances\":[" + VALID_INSTANCE.replace("\"f0\"", "\"" + jsonEscape(k) + "\"") + "]}",
          422);
    }
    String[] values = {
      "\"\\u0661\\u0662\"",
      "\"\\uff11\"",
      "\"\\u22121\"",
      "\"1\\u00a0\"",
      "\"\\ud800\"",
      "\"\\udfff\"",
      "\"\\u0000\"",
      "\"\\ud83d\\ude00\"",
      "\"\\u202e1\"",
      "\"\u00e9\"",
    };
    for (String v : values) {
      add("odd value " + v, withValue(3, v), 422);
    }
    byte[] valid = VALID_BODY.getBytes(StandardCharsets.UTF_8);
    byte[][] invalid = {
      {(byte) 0xff},
      {(byte) 0xc0, (byte) 0xaf},
      {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0x80},
      {(byte) 0xc3},
    };
    for (byte[] bad : invalid) {
      // inside the key "f0": the bytes are not UTF-8
      int at = VALID_BODY.indexOf("f0") + 1;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(valid, 0, at);
      out.writeBytes(bad);
      out.write(valid, at, valid.length - at);
      // 400 where the parser checks the bytes, 422 where it decodes them into an unknown key
      addBytes("invalid UTF-8 " + hex(bad) + " in a key", out.toByteArray(), 0);
    }
    addBytes(
        "UTF-16 without BOM declared as JSON",
        "{\"instances\":[1]".getBytes(StandardCharsets.UTF_16LE),
        400);
  }

  private void seededMutations() {
    Random random = new Random(20260101);
    String body = "{\"instances\":[" + VALID_INSTANCE + "," + VALID_INSTANCE + "]}";
    for (int i = 0; i < 40; i++) {
      int cut = 1 + random.nextInt(body.length() - 2);
      add("truncated at " + cut, body.substring(0, cut), 400);
    }
    char[] breakers = {'"', '}', ','};
    for (char b : breakers) {
      for (int i = 0; i < 25; i++) {
        int at = 1 + random.nextInt(body.length() - 1);
        add("'" + b + "' inserted at " + at, body.substring(0, at) + b + body.substring(at), 0);
      }
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  private static String jsonEscape(String s) {
    return escape(s).replace("\"", "\\\"");
  }
}
