package dev.mlops.container.preprocess;

import dev.mlops.container.job.JobFailure;
import java.util.Locale;

/**
 * The command-line options of {@code preprocess}.
 *
 * @param target the column to predict, used only to infer a schema when none is given
 * @param timeColumn the time column, used only to infer a schema when none is given
 * @param validationFraction share of usable rows for the validation split
 * @param testFraction share of usable rows for the test split
 * @param seed seed of the shuffle when the split is random
 */
public record PreprocessOptions(
    String target, String timeColumn, double validationFraction, double testFraction, long seed) {

  public static final double DEFAULT_VALIDATION_FRACTION = 0.15;
  public static final double DEFAULT_TEST_FRACTION = 0.15;
  public static final long DEFAULT_SEED = 42;

  public static final String USAGE =
      """
      usage: model-container preprocess [--target <column>] [--time-column <column>]
                                        [--validation-fraction <0..1>] [--test-fraction <0..1>]
                                        [--seed <integer>]
        reads  $ML_ROOT/processing/input/data/*.csv and, if present,
               $ML_ROOT/processing/input/schema/schema.json (without it the schema is inferred,
               which needs --target)
        writes $ML_ROOT/processing/output/{train,validation,test,baseline,schema,report}/
        defaults: --validation-fraction 0.15 --test-fraction 0.15 --seed 42""";

  /** Parses {@code --name value} and {@code --name=value}; fails with exit code 2. */
  public static PreprocessOptions parse(String[] args) {
    String target = null;
    String timeColumn = null;
    double validation = DEFAULT_VALIDATION_FRACTION;
    double test = DEFAULT_TEST_FRACTION;
    long seed = DEFAULT_SEED;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw JobFailure.usage("unexpected argument '" + arg + "'");
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw JobFailure.usage("option " + arg + " needs a value");
      }
      switch (name.toLowerCase(Locale.ROOT)) {
        case "--target" -> target = nonBlank(name, value);
        case "--time-column" -> timeColumn = nonBlank(name, value);
        case "--validation-fraction" -> validation = fraction(name, value);
        case "--test-fraction" -> test = fraction(name, value);
        case "--seed" -> seed = integer(name, value);
        default -> throw JobFailure.usage("unknown option " + name);
      }
    }
    if (validation + test >= 1) {
      throw JobFailure.usage(
          "--validation-fraction plus --test-fraction must be below 1 (it is "
              + (validation + test)
              + "), or nothing is left to train on");
    }
    return new PreprocessOptions(target, timeColumn, validation, test, seed);
  }

  private static String nonBlank(String name, String value) {
    if (value.isBlank()) {
      throw JobFailure.usage("option " + name + " needs a column name");
    }
    return value.trim();
  }

  private static double fraction(String name, String value) {
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw JobFailure.usage("option " + name + " takes a number from 0 to 1, not '" + value + "'");
    }
    if (!(v >= 0 && v < 1)) {
      throw JobFailure.usage("option " + name + " must be at least 0 and below 1, not " + value);
    }
    return v;
  }

  private static long integer(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw JobFailure.usage("option " + name + " takes an integer, not '" + value + "'");
    }
  }
}
