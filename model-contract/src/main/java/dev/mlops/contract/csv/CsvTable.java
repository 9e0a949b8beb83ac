package dev.mlops.contract.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file held in memory: a header and rows of raw string fields. Rows keep their 1-based line
 * number in the source file so that validation reports can point at the line a user sees in an
 * editor.
 */
public final class CsvTable {

  private final List<String> header;
  private final Map<String, Integer> index;
  private final List<String[]> rows;
  private final List<Integer> lineNumbers;

  public CsvTable(List<String> header, List<String[]> rows, List<Integer> lineNumbers) {
    this.header = List.copyOf(header);
    this.rows = rows;
    this.lineNumbers = lineNumbers;
    this.index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i), i);
    }
  }

  /** Reads a CSV file with a header line. An empty file gives a table with no header. */
  public static CsvTable read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses CSV text with a header line. */
  public static CsvTable parse(String text) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1); // a byte order mark from spreadsheet exports
    }
    List<String> lines = CsvParser.lines(text);
    if (lines.isEmpty()) {
      return new CsvTable(List.of(), new ArrayList<>(), new ArrayList<>());
    }
    List<String> header = new ArrayList<>();
    for (String name : CsvParser.parseLine(lines.get(0))) {
      header.add(name.trim());
    }
    List<String[]> rows = new ArrayList<>(lines.size());
    List<Integer> numbers = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      rows.add(CsvParser.parseLine(lines.get(i)));
      numbers.add(i + 1);
    }
    return new CsvTable(header, rows, numbers);
  }

  public List<String> header() {
    return header;
  }

  public List<String[]> rows() {
    return rows;
  }

  public int size() {
    return rows.size();
  }

  /** The 1-based line number of row {@code i} in the source text (the header is line 1). */
  public int lineNumber(int i) {
    return lineNumbers.get(i);
  }

  /** The column's position, or -1 when absent. */
  public int column(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** The field of a row, or null when the row is shorter than the header. */
  public String get(int row, int column) {
    String[] r = rows.get(row);
    return column >= 0 && column < r.length ? r[column] : null;
  }

  /** A table with the same header and the given rows (by index). */
  public CsvTable select(List<Integer> rowIndexes) {
    List<String[]> selected = new ArrayList<>(rowIndexes.size());
    List<Integer> numbers = new ArrayList<>(rowIndexes.size());
    for (int i : rowIndexes) {
      selected.add(rows.get(i));
      numbers.add(lineNumbers.get(i));
    }
    return new CsvTable(header, selected, numbers);
  }

  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        writeLine(out, header.toArray(String[]::new));
        for (String[] row : rows) {
          writeLine(out, row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeLine(Writer out, String[] fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(CsvParser.quote(fields[i]));
    }
    out.write('\n');
  }
}
