package dev.mlops.contract.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every problem found in a dataset, not only the first. Problems beyond {@link #MAX_LISTED} are
 * counted but not listed, so that a file with a million bad rows gives a report a person can read.
 *
 * @param rows data rows read (the header excluded)
 * @param usableRows rows that can train the model
 * @param errorCount all errors found, listed or not
 * @param errors the first errors, in file order
 * @param warnings things that do not stop training (for example rows dropped for a missing target)
 */
public record ValidationReport(
    @JsonProperty("rows") int rows,
    @JsonProperty("usable_rows") int usableRows,
    @JsonProperty("error_count") int errorCount,
    @JsonProperty("errors") List<ValidationProblem> errors,
    @JsonProperty("warnings") List<ValidationProblem> warnings) {

  /** How many problems a report lists. */
  public static final int MAX_LISTED = 1000;

  @JsonProperty("valid")
  public boolean valid() {
    return errorCount == 0;
  }

  public void write(Path file) {
    Json.write(file, this);
  }

  public static ValidationReport read(Path file) {
    return Json.read(file, ValidationReport.class);
  }

  /** A one-paragraph summary that fits SageMaker's 1 KiB failure reason. */
  @JsonIgnore
  public String summary(int maxChars) {
    StringBuilder s =
        new StringBuilder("dataset validation failed: ")
            .append(errorCount)
            .append(errorCount == 1 ? " problem" : " problems");
    String sep = ": ";
    for (ValidationProblem p : errors) {
      String next = sep + p;
      if (s.length() + next.length() + 16 > maxChars) {
        s.append("; ...");
        break;
      }
      s.append(next);
      sep = "; ";
    }
    return s.toString();
  }

  /** Collects problems while a dataset is read. */
  public static final class Builder {
    private final List<ValidationProblem> errors = new ArrayList<>();
    private final List<ValidationProblem> warnings = new ArrayList<>();
    private int errorCount;
    private int warningCount;

    public void error(int row, String column, String reason) {
      errorCount++;
      if (errors.size() < MAX_LISTED) {
        errors.add(new ValidationProblem(row, column, reason));
      }
    }

    public void warning(int row, String column, String reason) {
      warningCount++;
      if (warnings.size() < MAX_LISTED) {
        warnings.add(new ValidationProblem(row, column, reason));
      }
    }

    public int errorCount() {
      return errorCount;
    }

    public int warningCount() {
      return warningCount;
    }

    public ValidationReport build(int rows, int usableRows) {
      return new ValidationReport(rows, usableRows, errorCount, errors, warnings);
    }
  }
}
