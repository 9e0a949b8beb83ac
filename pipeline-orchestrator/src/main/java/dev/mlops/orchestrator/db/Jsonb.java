package dev.mlops.orchestrator.db;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.contract.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between jsonb/timestamptz columns and Java values. */
public final class Jsonb {

  private static final TypeReference<LinkedHashMap<String, String>> STRINGS =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECTS =
      new TypeReference<>() {};

  private Jsonb() {}

  public static String write(Object value) {
    try {
      return Json.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A jsonb column's value as {@code type}, or null for SQL NULL. */
  public static <T> T read(String json, TypeReference<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, String> strings(String json) {
    return json == null || json.isBlank() ? new LinkedHashMap<>() : read(json, STRINGS);
  }

  public static Map<String, Object> objects(String json) {
    return json == null || json.isBlank() ? new LinkedHashMap<>() : read(json, OBJECTS);
  }

  public static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  public static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
