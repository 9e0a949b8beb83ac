package dev.mlops.container.job;

import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.SchemaValidator;
import dev.mlops.contract.schema.ValidationProblem;
import dev.mlops.contract.schema.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The CSV files of one input folder (a SageMaker channel or processing input), read in path order.
 * Every file has its own header line; together they are one dataset, as when an S3 prefix holds
 * several parts of an export. Problems keep the line number inside their own file.
 *
 * @param folder where the files were found
 * @param parts the files and their contents, in path order
 */
public record CsvDataset(Path folder, List<Part> parts) {

  /** One file and its table. */
  public record Part(Path file, CsvTable table) {}

  /** A dataset checked against a schema. */
  public record Checked(ValidationReport report, CsvTable usable) {}

  public CsvDataset {
    parts = List.copyOf(parts);
  }

  /**
   * Reads every {@code *.csv} below {@code folder} (sub-folders too, as S3 prefixes copy them).
   *
   * @param what how the user knows this input, e.g. "training channel 'train'"
   * @throws JobFailure when the folder is missing, holds no CSV file, or a file cannot be read
   */
  public static CsvDataset read(Path folder, String what) {
    List<Path> files = csvFiles(folder, what);
    List<Part> parts = new ArrayList<>(files.size());
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        throw new JobFailure("cannot read " + file + " (" + what + "): permission denied");
      }
      CsvTable table;
      try {
        table = CsvTable.read(file);
      } catch (UncheckedIOException e) {
        throw new JobFailure(readProblem(file, what, e.getCause()), e);
      }
      parts.add(new Part(file, table));
    }
    return new CsvDataset(folder, parts);
  }

  /** The {@code *.csv} files below a folder, in path order; fails with a clear reason if none. */
  public static List<Path> csvFiles(Path folder, String what) {
    if (!Files.exists(folder)) {
      throw new JobFailure(what + " is missing: " + folder + " does not exist");
    }
    if (!Files.isDirectory(folder)) {
      throw new JobFailure(what + " must be a folder, but " + folder + " is a file");
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(folder)) {
      all = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new JobFailure("cannot list " + folder + " (" + what + "): " + e.getMessage(), e);
    }
    List<Path> csv = all.stream().filter(CsvDataset::isCsv).toList();
    if (csv.isEmpty()) {
      if (all.isEmpty()) {
        throw new JobFailure(what + " is empty: no files in " + folder);
      }
      List<String> names = all.stream().limit(5).map(p -> folder.relativize(p).toString()).toList();
      throw new JobFailure(
          what
              + " has no .csv file in "
              + folder
              + " (found "
              + String.join(", ", names)
              + (all.size() > names.size() ? ", ..." : "")
              + ")");
    }
    return csv;
  }

  private static boolean isCsv(Path file) {
    String name = file.getFileName().toString();
    return name.toLowerCase(Locale.ROOT).endsWith(".csv") && !name.startsWith(".");
  }

  private static String readProblem(Path file, String what, Throwable cause) {
    if (cause instanceof java.nio.charset.MalformedInputException) {
      return file + " (" + what + ") is not UTF-8 text: is it a CSV file?";
    }
    if (cause instanceof AccessDeniedException) {
      return "cannot read " + file + " (" + what + "): permission denied";
    }
    return "cannot read " + file + " (" + what + "): " + cause;
  }

  /** The header shared by all parts (that of the first file with a header). */
  public List<String> header() {
    for (Part p : parts) {
      if (!p.table().header().isEmpty()) {
        return p.table().header();
      }
    }
    return List.of();
  }

  /** All data rows (headers excluded). */
  public int rows() {
    int n = 0;
    for (Part p : parts) {
      n += p.table().size();
    }
    return n;
  }

  /**
   * Validates every part against the schema, and the parts' headers against each other. Problems of
   * a dataset made of several files name the file in their reason.
   */
  public Checked validate(DatasetSchema schema) {
    boolean several = parts.size() > 1;
    List<ValidationProblem> errors = new ArrayList<>();
    List<ValidationProblem> warnings = new ArrayList<>();
    int rows = 0;
    int usable = 0;
    int errorCount = 0;
    List<String> header = header();
    List<String[]> usableRows = new ArrayList<>();
    List<Integer> usableLines = new ArrayList<>();
    Path first = null;
    for (Part part : parts) {
      String name = folder.relativize(part.file()).toString();
      CsvTable table = part.table();
      if (several && table.header().isEmpty() && !header.isEmpty()) {
        // exports of partitioned data often leave an empty part: nothing in it to lose
        add(
            warnings,
            new ValidationProblem(0, null, prefix(true, name) + "the file is empty: skipped"));
        continue;
      }
      if (!table.header().isEmpty()) {
        if (first == null) {
          first = part.file();
        } else if (!table.header().equals(header)) {
          errorCount++;
          add(
              errors,
              new ValidationProblem(
                  1,
                  null,
                  prefix(several, name)
                      + "the header differs from that of "
                      + folder.relativize(first)
                      + " ("
                      + String.join(",", table.header())
                      + " vs "
                      + String.join(",", header)
                      + ")"));
          rows += table.size();
          continue;
        }
      }
      SchemaValidator.Result result = SchemaValidator.validate(schema, table);
      ValidationReport r = result.report();
      rows += r.rows();
      usable += r.usableRows();
      errorCount += r.errorCount();
      for (ValidationProblem p : r.errors()) {
        add(errors, named(several, name, p));
      }
      for (ValidationProblem p : r.warnings()) {
        add(warnings, named(several, name, p));
      }
      for (int i : result.usableRows()) {
        usableRows.add(table.rows().get(i));
        usableLines.add(table.lineNumber(i));
      }
    }
    ValidationReport report = new ValidationReport(rows, usable, errorCount, errors, warnings);
    return new Checked(report, new CsvTable(header, usableRows, usableLines));
  }

  private static void add(List<ValidationProblem> list, ValidationProblem p) {
    if (list.size() < ValidationReport.MAX_LISTED) {
      list.add(p);
    }
  }

  private static ValidationProblem named(boolean several, String file, ValidationProblem p) {
    return several
        ? new ValidationProblem(p.row(), p.column(), prefix(true, file) + p.reason())
        : p;
  }

  private static String prefix(boolean several, String file) {
    return several ? "[" + file + "] " : "";
  }

  /** SHA-256 over the bytes of every part, in order: the identity of the data a model saw. */
  public String sha256() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    for (Part p : parts) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(p.file()), digest)) {
        while (in.read(buffer) >= 0) {
          // the digest stream hashes as it reads
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p.file() + ": " + e.getMessage(), e);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
