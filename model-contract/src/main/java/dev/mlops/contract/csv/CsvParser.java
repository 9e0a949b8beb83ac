package dev.mlops.contract.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV parsing: commas, double quotes with doubled-quote escapes, CRLF or LF line ends.
 * Written by hand because it sits on the serving hot path, where a general-purpose reader's
 * allocations show up in single-row latency.
 */
public final class CsvParser {

  private CsvParser() {}

  /** Splits one line (without its line end) into fields. */
  public static String[] parseLine(String line) {
    if (line.indexOf('"') < 0) {
      return splitPlain(line);
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.toArray(String[]::new);
  }

  private static String[] splitPlain(String line) {
    int count = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        count++;
      }
    }
    String[] fields = new String[count];
    int start = 0;
    int n = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        fields[n++] = line.substring(start, i);
        start = i + 1;
      }
    }
    fields[n] = line.substring(start);
    return fields;
  }

  /**
   * Splits a whole text into lines, honouring quoted fields that span lines. Blank lines are
   * skipped (a trailing newline is not a row).
   */
  public static List<String> lines(CharSequence text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    int len = text.length();
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        addLine(lines, text, start, i);
        if (c == '\r' && i + 1 < len && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    addLine(lines, text, start, len);
    return lines;
  }

  private static void addLine(List<String> lines, CharSequence text, int start, int end) {
    if (end > start) {
      String line = text.subSequence(start, end).toString();
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
  }

  /** Quotes a field when it needs it. */
  public static String quote(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
