package dev.mlops.gateway.prediction;

import dev.mlops.contract.csv.CsvParser;
import dev.mlops.contract.schema.Values;
import dev.mlops.gateway.problem.ModelFailedException;

/**
 * The model's answer to a batch: one value per instance, read from the container's CSV answer (one
 * line per instance). A value is a number (regression, or a probability), a label (multiclass), or
 * a list of numbers (a bare multi-output model).
 *
 * @param values {@link Double}, {@link String} or {@code double[]} per instance
 * @param numbers the single-number predictions for the metrics (NaN where the value is not one)
 */
public record Predictions(Object[] values, double[] numbers) {

  /**
   * @throws ModelFailedException when the answer does not hold exactly one prediction per instance
   */
  public static Predictions parse(String csv, int instances) {
    Object[] values = new Object[instances];
    double[] numbers = new double[instances];
    int n = 0;
    int start = 0;
    int len = csv.length();
    boolean quoted = false;
    for (int i = 0; i <= len; i++) {
      char c = i < len ? csv.charAt(i) : '\n';
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        if (i > start) {
          String line = csv.substring(start, i);
          if (!line.isBlank()) {
            if (n == instances) {
              throw mismatch(instances, countLines(csv));
            }
            Object v = value(line);
            values[n] = v;
            numbers[n] = v instanceof Double d ? d : Double.NaN;
            n++;
          }
        }
        start = i + 1;
      }
    }
    if (n != instances) {
      throw mismatch(instances, n);
    }
    return new Predictions(values, numbers);
  }

  private static Object value(String line) {
    if (line.indexOf(',') < 0 && line.indexOf('"') < 0) {
      Double d = number(line);
      return d != null ? d : line.trim();
    }
    String[] fields = CsvParser.parseLine(line);
    double[] many = new double[fields.length];
    for (int k = 0; k < fields.length; k++) {
      Double d = number(fields[k]);
      if (d == null) {
        return fields.length == 1 ? fields[0] : line.trim();
      }
      many[k] = d;
    }
    return fields.length == 1 ? (Object) many[0] : many;
  }

  private static Double number(String text) {
    try {
      return Values.parseFinite(text);
    } catch (Values.NonFiniteException e) {
      throw new ModelFailedException("the model answered a non-finite prediction (" + text + ")");
    }
  }

  private static int countLines(String csv) {
    return (int) csv.lines().filter(l -> !l.isBlank()).count();
  }

  private static ModelFailedException mismatch(int instances, int answered) {
    return new ModelFailedException(
        "the model answered " + answered + " predictions for " + instances + " instances");
  }
}
