package dev.mlops.container.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.container.job.JobFailure;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.schema.ProblemType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training job's hyperparameters, read from SageMaker's {@code hyperparameters.json} (where
 * every value is a string) and checked before any work starts: an unknown name or a value out of
 * range fails the job with every problem listed, rather than training a model nobody asked for.
 *
 * @param values every hyperparameter with its value (given or default), in a stable order
 * @param given the names the job was given (the rest are defaults)
 */
public record Hyperparameters(Map<String, Object> values, Set<String> given) {

  public static final int DEFAULT_NUM_ROUND = 200;
  public static final long DEFAULT_SEED = 42;

  private enum Kind {
    INT,
    DOUBLE,
    TEXT
  }

  /**
   * One accepted hyperparameter.
   *
   * @param low lowest value, or null
   * @param lowOpen whether {@code low} itself is excluded
   * @param high highest value, or null
   */
  private record Spec(
      String name, Kind kind, Object defaultValue, Double low, boolean lowOpen, Double high) {
    String range() {
      String lowText = low == null ? "" : (lowOpen ? "above " : "at least ") + number(low);
      String highText = high == null ? "" : "at most " + number(high);
      return lowText.isEmpty()
          ? highText
          : highText.isEmpty() ? lowText : lowText + " and " + highText;
    }
  }

  // Default null means: decided from the problem type (objective, eval_metric), the machine
  // (nthread) or off (early_stopping_rounds).
  private static final List<Spec> SPECS =
      List.of(
          new Spec("num_round", Kind.INT, DEFAULT_NUM_ROUND, 1.0, false, 100_000.0),
          new Spec("max_depth", Kind.INT, 6, 0.0, false, 64.0),
          new Spec("eta", Kind.DOUBLE, 0.1, 0.0, true, 1.0),
          new Spec("min_child_weight", Kind.DOUBLE, 1.0, 0.0, false, null),
          new Spec("subsample", Kind.DOUBLE, 1.0, 0.0, true, 1.0),
          new Spec("colsample_bytree", Kind.DOUBLE, 1.0, 0.0, true, 1.0),
          new Spec("lambda", Kind.DOUBLE, 1.0, 0.0, false, null),
          new Spec("alpha", Kind.DOUBLE, 0.0, 0.0, false, null),
          new Spec("objective", Kind.TEXT, null, null, false, null),
          new Spec("eval_metric", Kind.TEXT, null, null, false, null),
          new Spec("early_stopping_rounds", Kind.INT, null, 1.0, false, null),
          new Spec("seed", Kind.INT, DEFAULT_SEED, null, false, null),
          new Spec("nthread", Kind.INT, null, 1.0, false, 1024.0),
          // XGBoost's other common knobs, passed through as they are
          new Spec("gamma", Kind.DOUBLE, 0.0, 0.0, false, null),
          new Spec("max_delta_step", Kind.DOUBLE, 0.0, 0.0, false, null),
          new Spec("colsample_bylevel", Kind.DOUBLE, 1.0, 0.0, true, 1.0),
          new Spec("colsample_bynode", Kind.DOUBLE, 1.0, 0.0, true, 1.0),
          new Spec("scale_pos_weight", Kind.DOUBLE, 1.0, 0.0, true, null),
          new Spec("tree_method", Kind.TEXT, "hist", null, false, null),
          new Spec("max_bin", Kind.INT, 256, 2.0, false, null));

  private static final Set<String> TREE_METHODS = Set.of("auto", "exact", "approx", "hist");

  /** Hyperparameters that are ours to read, not XGBoost's. */
  private static final Set<String> NOT_FOR_XGBOOST =
      Set.of("num_round", "early_stopping_rounds", "eval_metric");

  /**
   * Reads {@code hyperparameters.json}; a missing file means all defaults.
   *
   * @throws JobFailure naming every unknown or bad hyperparameter
   */
  public static Hyperparameters read(Path file, ProblemType problem) {
    if (!Files.exists(file)) {
      return resolve(Map.of(), problem);
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new JobFailure(
          "cannot read hyperparameters " + file + ": " + JobFailure.describe(e), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return resolve(Map.of(), problem);
    }
    if (!root.isObject()) {
      throw new JobFailure("hyperparameters " + file + " must be a JSON object of names to values");
    }
    Map<String, String> raw = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      raw.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
    }
    return resolve(raw, problem);
  }

  /** Checks raw values (as SageMaker passes them: strings) and fills in the defaults. */
  public static Hyperparameters resolve(Map<String, String> raw, ProblemType problem) {
    List<String> problems = new ArrayList<>();
    Map<String, String> given = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String name = e.getKey().trim();
      if (isSageMakerOwn(name)) {
        continue;
      }
      if (spec(name) == null) {
        problems.add("unknown hyperparameter '" + name + "'");
      } else {
        given.put(name, e.getValue() == null ? "" : e.getValue().trim());
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Spec spec : SPECS) {
      String text = given.get(spec.name());
      Object value = text == null ? defaultValue(spec, problem) : parse(spec, text, problems);
      if (value != null) {
        values.put(spec.name(), value);
      }
    }
    checkObjective(problem, values, problems);
    checkEvalMetric(values, problems);
    Object treeMethod = values.get("tree_method");
    if (treeMethod != null && !TREE_METHODS.contains(treeMethod)) {
      problems.add("tree_method='" + treeMethod + "' must be one of " + TREE_METHODS);
    }
    if (!problems.isEmpty()) {
      boolean unknown = problems.stream().anyMatch(p -> p.startsWith("unknown"));
      throw new JobFailure(
          "bad hyperparameters: "
              + String.join("; ", problems)
              + (unknown
                  ? " (known: " + String.join(", ", SPECS.stream().map(Spec::name).toList()) + ")"
                  : ""));
    }
    return new Hyperparameters(values, Set.copyOf(given.keySet()));
  }

  /**
   * SageMaker adds its own entries (e.g. {@code sagemaker_program}, {@code
   * _tuning_objective_metric} in tuning jobs); they are not the user's hyperparameters.
   */
  private static boolean isSageMakerOwn(String name) {
    return name.startsWith("sagemaker_") || name.startsWith("_");
  }

  private static Spec spec(String name) {
    for (Spec s : SPECS) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  private static Object defaultValue(Spec spec, ProblemType problem) {
    return switch (spec.name()) {
      case "objective" -> problem.defaultObjective();
      case "eval_metric" -> defaultMetric(problem);
      case "nthread" -> Runtime.getRuntime().availableProcessors();
      default -> spec.defaultValue();
    };
  }

  static String defaultMetric(ProblemType problem) {
    return switch (problem) {
      case REGRESSION -> "rmse";
      case BINARY_CLASSIFICATION -> "logloss";
      case MULTICLASS_CLASSIFICATION -> "mlogloss";
    };
  }

  private static Object parse(Spec spec, String text, List<String> problems) {
    String shown = spec.name() + "='" + text + "'";
    if (spec.kind() == Kind.TEXT) {
      if (text.isEmpty()) {
        problems.add(spec.name() + " is empty");
        return null;
      }
      return text;
    }
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      problems.add(shown + " is not " + (spec.kind() == Kind.INT ? "an integer" : "a number"));
      return null;
    }
    double d = number.doubleValue();
    if (spec.kind() == Kind.INT) {
      BigDecimal whole = number.stripTrailingZeros();
      if (whole.scale() > 0 || Math.abs(d) > Long.MAX_VALUE / 2.0) {
        problems.add(shown + " is not an integer");
        return null;
      }
    }
    boolean tooLow = spec.low() != null && (spec.lowOpen() ? d <= spec.low() : d < spec.low());
    boolean tooHigh = spec.high() != null && d > spec.high();
    if (tooLow || tooHigh || !Double.isFinite(d)) {
      problems.add(shown + " is out of range: must be " + spec.range());
      return null;
    }
    if (spec.kind() == Kind.INT) {
      long v = number.longValueExact();
      return spec.name().equals("seed") ? (Object) v : (Object) Math.toIntExact(v);
    }
    return d;
  }

  /**
   * Evaluation and serving read the model's output by problem type (a number, a probability, class
   * probabilities), so the objective must produce that output.
   */
  private static void checkObjective(
      ProblemType problem, Map<String, Object> values, List<String> problems) {
    Object objective = values.get("objective");
    if (objective == null) {
      return;
    }
    String o = objective.toString();
    boolean fits =
        switch (problem) {
          case REGRESSION -> o.startsWith("reg:") || o.equals("count:poisson");
          case BINARY_CLASSIFICATION -> o.equals("binary:logistic");
          case MULTICLASS_CLASSIFICATION -> o.equals("multi:softprob") || o.equals("multi:softmax");
        };
    if (!fits) {
      problems.add(
          "objective='"
              + o
              + "' does not fit a "
              + problem.json()
              + " schema (use "
              + switch (problem) {
                case REGRESSION ->
                    "reg:squarederror, reg:absoluteerror, reg:pseudohubererror, reg:tweedie, reg:gamma or count:poisson";
                case BINARY_CLASSIFICATION -> "binary:logistic";
                case MULTICLASS_CLASSIFICATION -> "multi:softprob or multi:softmax";
              }
              + ")");
    }
  }

  private static void checkEvalMetric(Map<String, Object> values, List<String> problems) {
    Object metric = values.get("eval_metric");
    if (metric == null) {
      return;
    }
    for (String m : metric.toString().split(",")) {
      if (!m.trim().matches("[A-Za-z0-9@:._-]+")) {
        problems.add("eval_metric='" + metric + "' is not a comma-separated list of metric names");
        return;
      }
    }
  }

  public int numRound() {
    return (Integer) values.get("num_round");
  }

  /** Rounds without improvement on validation before training stops, or 0 for never. */
  public int earlyStoppingRounds() {
    Object v = values.get("early_stopping_rounds");
    return v == null ? 0 : (Integer) v;
  }

  public long seed() {
    return (Long) values.get("seed");
  }

  public String objective() {
    return (String) values.get("objective");
  }

  /** The evaluation metrics in order; early stopping watches the last, as XGBoost does. */
  public List<String> evalMetrics() {
    List<String> metrics = new ArrayList<>();
    for (String m : values.get("eval_metric").toString().split(",")) {
      metrics.add(m.trim());
    }
    return metrics;
  }

  /** The parameters for the XGBoost booster (num_class added for multiclass problems). */
  public Map<String, Object> boosterParams(int numClass) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!NOT_FOR_XGBOOST.contains(e.getKey())) {
        params.put(e.getKey(), e.getValue());
      }
    }
    if (numClass > 2 || objective().startsWith("multi:")) {
      params.put("num_class", numClass);
    }
    params.put("verbosity", 1);
    return params;
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
