package dev.mlops.container.train;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Boosts round by round so that we log the metrics our way ({@code validation:rmse=1234.5}, the
 * form SageMaker metric definitions match) and decide early stopping ourselves. When early stopping
 * triggers, the model is rebuilt with exactly the best number of rounds (same data, same seed, so
 * the same trees): the saved model is then the one the metrics describe, and evaluation and serving
 * need no "best iteration" knowledge.
 */
final class BoostingRun {

  static final String TRAIN = "train";
  static final String VALIDATION = "validation";

  /** Metrics for which higher is better (XGBoost's own list, by base name). */
  private static final Set<String> MAXIMIZED = Set.of("auc", "aucpr", "map", "ndcg", "pre");

  /** Log a line every this many rounds (and the first and last). */
  static final int LOG_EVERY = 10;

  /**
   * The outcome.
   *
   * @param booster the trained model
   * @param rounds rounds in the model
   * @param bestIteration 0-based best round when early stopping triggered, else null
   * @param finalMetrics the model's metrics, e.g. {@code validation:rmse -> 1234.5}
   */
  record Result(
      Booster booster, int rounds, Integer bestIteration, Map<String, Double> finalMetrics) {}

  private final DMatrix train;
  private final DMatrix validation;
  private final Map<String, Object> params;
  private final List<String> metrics;
  private final PrintStream log;

  BoostingRun(
      DMatrix train,
      DMatrix validation,
      Map<String, Object> params,
      List<String> metrics,
      PrintStream log) {
    this.train = train;
    this.validation = validation;
    this.params = params;
    this.metrics = metrics;
    this.log = log;
  }

  Result run(int numRound, int earlyStoppingRounds) throws XGBoostError {
    DMatrix[] mats = validation == null ? new DMatrix[] {train} : new DMatrix[] {train, validation};
    String[] names = validation == null ? new String[] {TRAIN} : new String[] {TRAIN, VALIDATION};
    String watched = (validation == null ? TRAIN : VALIDATION) + ":" + metrics.getLast();
    boolean maximize = maximize(metrics.getLast());

    Booster booster = newBooster(mats, names);
    double best = Double.NaN;
    int bestIteration = -1;
    Map<String, Double> last = Map.of();
    int done = 0;
    for (int iter = 0; iter < numRound; iter++) {
      booster.update(train, iter);
      done = iter + 1;
      last = parse(booster.evalSet(mats, names, iter));
      if (iter == 0 || done % LOG_EVERY == 0 || done == numRound) {
        log.println("[" + done + "/" + numRound + "] " + format(last));
      }
      if (earlyStoppingRounds > 0) {
        Double value = last.get(watched);
        if (value == null) {
          continue;
        }
        if (bestIteration < 0 || (maximize ? value > best : value < best)) {
          best = value;
          bestIteration = iter;
        } else if (iter - bestIteration >= earlyStoppingRounds) {
          log.println(
              "early stopping: "
                  + watched
                  + " has not improved for "
                  + earlyStoppingRounds
                  + " rounds; best round "
                  + (bestIteration + 1)
                  + " ("
                  + watched
                  + "="
                  + plain(best)
                  + ")");
          break;
        }
      }
    }
    Integer bestRound = null;
    if (earlyStoppingRounds > 0 && bestIteration >= 0 && bestIteration + 1 < done) {
      bestRound = bestIteration;
      log.println("rebuilding the model with its best " + (bestIteration + 1) + " rounds");
      booster.dispose();
      booster = newBooster(mats, names);
      for (int iter = 0; iter <= bestIteration; iter++) {
        booster.update(train, iter);
      }
      done = bestIteration + 1;
      last = parse(booster.evalSet(mats, names, bestIteration));
    }
    if (bestRound != null) {
      booster.setAttr("best_iteration", Integer.toString(bestRound));
    }
    log.println("final " + format(last));
    return new Result(booster, done, bestRound, last);
  }

  private Booster newBooster(DMatrix[] mats, String[] names) throws XGBoostError {
    Map<String, DMatrix> watches = new LinkedHashMap<>();
    for (int i = 0; i < mats.length; i++) {
      watches.put(names[i], mats[i]);
    }
    // zero rounds: XGBoost builds and caches the booster, the rounds are ours
    Booster booster = XGBoost.train(train, params, 0, watches, null, null, null, 0);
    for (String metric : metrics) {
      booster.setParam("eval_metric", metric); // XGBoost appends each to the metric list
    }
    return booster;
  }

  static boolean maximize(String metric) {
    String base = metric;
    int at = base.indexOf('@');
    if (at >= 0) {
      base = base.substring(0, at);
    }
    if (base.endsWith("-")) {
      base = base.substring(0, base.length() - 1);
    }
    return MAXIMIZED.contains(base);
  }

  /** "[3]\ttrain-rmse:1.5\tvalidation-rmse:2.5" -> {train:rmse=1.5, validation:rmse=2.5}. */
  static Map<String, Double> parse(String evalInfo) {
    Map<String, Double> out = new LinkedHashMap<>();
    String[] items = evalInfo.strip().split("\t");
    for (int i = 1; i < items.length; i++) {
      String item = items[i];
      int dash = item.indexOf('-');
      int colon = item.lastIndexOf(':');
      if (dash <= 0 || colon <= dash) {
        continue;
      }
      try {
        double value = Double.parseDouble(item.substring(colon + 1));
        out.put(item.substring(0, dash) + ":" + item.substring(dash + 1, colon), value);
      } catch (NumberFormatException e) {
        // not a metric value: leave it out of the log rather than fail a training run
      }
    }
    return out;
  }

  /** "train:rmse=1.5 validation:rmse=2.5", numbers never in exponent form (regex-friendly). */
  static String format(Map<String, Double> metrics) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (!s.isEmpty()) {
        s.append(' ');
      }
      s.append(e.getKey()).append('=').append(plain(e.getValue()));
    }
    return s.toString();
  }

  static String plain(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
