package dev.mlops.contract.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Model quality metrics, computed the way SageMaker's model quality reports name them. */
public final class Metrics {

  private Metrics() {}

  /** rmse, mse, mae, r2 and mape (in percent, over rows whose label is not zero). */
  public static EvaluationReport regression(float[] labels, float[] predictions) {
    int n = check(labels, predictions);
    double sse = 0;
    double sae = 0;
    double sape = 0;
    int mapeRows = 0;
    double mean = 0;
    for (float y : labels) {
      mean += y;
    }
    mean /= n;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      double e = (double) predictions[i] - labels[i];
      sse += e * e;
      sae += Math.abs(e);
      sst += (labels[i] - mean) * (labels[i] - mean);
      if (labels[i] != 0) {
        sape += Math.abs(e / labels[i]);
        mapeRows++;
      }
    }
    Map<String, EvaluationReport.Metric> m = new LinkedHashMap<>();
    m.put("mse", EvaluationReport.Metric.of(sse / n));
    m.put("rmse", EvaluationReport.Metric.of(Math.sqrt(sse / n)));
    m.put("mae", EvaluationReport.Metric.of(sae / n));
    m.put("r2", EvaluationReport.Metric.of(sst == 0 ? 0 : 1 - sse / sst));
    m.put("mape", EvaluationReport.Metric.of(mapeRows == 0 ? 0 : 100 * sape / mapeRows));
    return new EvaluationReport(m, null, null);
  }

  /** accuracy, precision, recall, f1 (threshold 0.5) and auc for probabilities of class 1. */
  public static EvaluationReport binary(float[] labels, float[] probabilities) {
    int n = check(labels, probabilities);
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      boolean actual = labels[i] >= 0.5f;
      boolean predicted = probabilities[i] >= 0.5f;
      if (actual == predicted) {
        correct++;
      }
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    Map<String, EvaluationReport.Metric> m = new LinkedHashMap<>();
    m.put("accuracy", EvaluationReport.Metric.of((double) correct / n));
    m.put("precision", EvaluationReport.Metric.of(precision));
    m.put("recall", EvaluationReport.Metric.of(recall));
    m.put(
        "f1",
        EvaluationReport.Metric.of(
            precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)));
    m.put("auc", EvaluationReport.Metric.of(auc(labels, probabilities)));
    return new EvaluationReport(null, m, null);
  }

  /** accuracy and weighted f1 for class codes. */
  public static EvaluationReport multiclass(float[] labels, float[] predictedClasses, int classes) {
    int n = check(labels, predictedClasses);
    int[] tp = new int[classes];
    int[] predictedCount = new int[classes];
    int[] actualCount = new int[classes];
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int a = (int) labels[i];
      int p = (int) predictedClasses[i];
      actualCount[a]++;
      predictedCount[p]++;
      if (a == p) {
        tp[a]++;
        correct++;
      }
    }
    double weightedF1 = 0;
    for (int c = 0; c < classes; c++) {
      double precision = predictedCount[c] == 0 ? 0 : (double) tp[c] / predictedCount[c];
      double recall = actualCount[c] == 0 ? 0 : (double) tp[c] / actualCount[c];
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      weightedF1 += f1 * actualCount[c] / n;
    }
    Map<String, EvaluationReport.Metric> m = new LinkedHashMap<>();
    m.put("accuracy", EvaluationReport.Metric.of((double) correct / n));
    m.put("weighted_f1", EvaluationReport.Metric.of(weightedF1));
    m.put("f1", EvaluationReport.Metric.of(weightedF1));
    return new EvaluationReport(null, null, m);
  }

  /** Area under the ROC curve by the rank-sum formula, ties sharing their average rank. */
  static double auc(float[] labels, float[] scores) {
    int n = labels.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] >= 0.5f) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return 0.5;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  private static int check(float[] labels, float[] predictions) {
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException("labels and predictions differ in length");
    }
    if (labels.length == 0) {
      throw new IllegalArgumentException("no rows to evaluate");
    }
    return labels.length;
  }
}
