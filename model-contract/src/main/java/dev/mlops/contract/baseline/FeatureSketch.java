package dev.mlops.contract.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedViewIterator;

/**
 * The distribution of one column, folded value by value: a KLL quantile sketch for numbers, a
 * frequent-items sketch for labels, plus the counts Model Monitor's checks need. Not thread safe:
 * one folder owns it; merge to combine.
 */
public final class FeatureSketch {

  /** KLL accuracy parameter: about 1.3 % normalized rank error, a few KiB per feature. */
  public static final int KLL_K = 200;

  /** Frequent-items map size (a power of two): exact for up to about 768 distinct labels. */
  public static final int ITEMS_MAP_SIZE = 1024;

  private final boolean numeric;
  private final KllDoublesSketch kll;
  private final ItemsSketch<String> items;
  private long missing;
  private long wrongType;
  private double sum;
  private double sumOfSquares;

  private FeatureSketch(boolean numeric, KllDoublesSketch kll, ItemsSketch<String> items) {
    this.numeric = numeric;
    this.kll = kll;
    this.items = items;
  }

  public static FeatureSketch numeric() {
    return new FeatureSketch(true, KllDoublesSketch.newHeapInstance(KLL_K), null);
  }

  public static FeatureSketch categorical() {
    return new FeatureSketch(false, null, new ItemsSketch<>(ITEMS_MAP_SIZE));
  }

  public boolean isNumeric() {
    return numeric;
  }

  public void addNumber(double value) {
    kll.update(value);
    sum += value;
    sumOfSquares += value * value;
  }

  public void addLabel(String label) {
    items.update(label);
  }

  public void addMissing() {
    missing++;
  }

  /** A value of the wrong type (text in a numeric column); it counts as not present. */
  public void addWrongType() {
    wrongType++;
  }

  public void merge(FeatureSketch other) {
    if (other.numeric != numeric) {
      throw new IllegalArgumentException("cannot merge numeric and categorical sketches");
    }
    if (numeric) {
      kll.merge(other.kll);
      sum += other.sum;
      sumOfSquares += other.sumOfSquares;
    } else {
      items.merge(other.items);
    }
    missing += other.missing;
    wrongType += other.wrongType;
  }

  /** Values present and of the right type. */
  public long present() {
    return numeric ? kll.getN() : items.getStreamLength();
  }

  public long missing() {
    return missing;
  }

  public long wrongType() {
    return wrongType;
  }

  public double sum() {
    return sum;
  }

  public double mean() {
    long n = present();
    return n == 0 ? Double.NaN : sum / n;
  }

  public double stdDev() {
    long n = present();
    if (n == 0) {
      return Double.NaN;
    }
    double m = sum / n;
    return Math.sqrt(Math.max(0, sumOfSquares / n - m * m));
  }

  /** The numeric sketch (null for categorical features). */
  public KllDoublesSketch kll() {
    return kll;
  }

  /** The label sketch (null for numeric features). */
  public ItemsSketch<String> items() {
    return items;
  }

  /**
   * Label counts, most frequent first (estimates when there are more labels than the map holds).
   */
  public ItemsSketch.Row<String>[] labelCounts() {
    return items.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES);
  }

  /**
   * The portable form stored in {@code baseline-sketches.json}: the KLL sketch's retained items
   * with their weights, or the label counts. We do not use DataSketches' binary serialization: it
   * goes through datasketches-memory, which refuses to run on JDKs newer than 21, and the plain
   * form can be read by any language.
   */
  public BaselineSketches.Entry toEntry() {
    if (numeric) {
      List<double[]> retained = new ArrayList<>();
      double min = Double.NaN;
      double max = Double.NaN;
      if (!kll.isEmpty()) {
        min = kll.getMinItem();
        max = kll.getMaxItem();
        DoublesSortedViewIterator it = kll.getSortedView().iterator();
        while (it.next()) {
          // the sorted view gives repeated values one entry each, all but one with weight 0
          if (it.getWeight() >= 1) {
            retained.add(new double[] {it.getQuantile(), it.getWeight()});
          }
        }
      }
      return new BaselineSketches.Entry(
          "numeric", kll.getN(), min, max, retained, null, missing, wrongType, sum, sumOfSquares);
    }
    Map<String, Long> labels = new LinkedHashMap<>();
    for (ItemsSketch.Row<String> row : labelCounts()) {
      labels.put(row.getItem(), row.getEstimate());
    }
    return new BaselineSketches.Entry(
        "categorical", items.getStreamLength(), null, null, null, labels, missing, wrongType, 0, 0);
  }

  /** Rebuilds a sketch from its portable form (weighted updates reproduce the retained items). */
  public static FeatureSketch fromEntry(BaselineSketches.Entry entry) {
    FeatureSketch s;
    if ("numeric".equals(entry.type())) {
      s = numeric();
      if (entry.items() != null) {
        for (double[] item : entry.items()) {
          if (item[1] >= 1) { // files written before zero weights were skipped may hold some
            s.kll.update(item[0], (long) item[1]);
          }
        }
      }
    } else {
      s = categorical();
      if (entry.labels() != null) {
        entry.labels().forEach(s.items::update);
      }
    }
    s.missing = entry.missing();
    s.wrongType = entry.wrongType();
    s.sum = entry.sum();
    s.sumOfSquares = entry.sumOfSquares();
    return s;
  }
}
