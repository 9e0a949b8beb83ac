package dev.mlops.contract.baseline;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code baseline-sketches.json}: the DataSketches of every feature (and the target), in a plain
 * JSON form, stored next to Model Monitor's {@code statistics.json} so that the drift monitor
 * compares whole distributions, not just the summary numbers Model Monitor keeps.
 *
 * @param version format version
 * @param itemCount rows in the baseline
 * @param features sketches by feature name, in model order
 * @param target the target's sketch (the prediction baseline)
 */
public record BaselineSketches(
    @JsonProperty("version") int version,
    @JsonProperty("item_count") long itemCount,
    @JsonProperty("features") Map<String, Entry> features,
    @JsonProperty("target") Entry target) {

  public static final String FILE_NAME = "baseline-sketches.json";

  /**
   * @param type numeric or categorical
   * @param count values present
   * @param min smallest value (numeric)
   * @param max largest value (numeric)
   * @param items the KLL sketch's retained items as [value, weight] pairs, ascending (numeric)
   * @param labels label counts, most frequent first (categorical)
   */
  public record Entry(
      @JsonProperty("type") String type,
      @JsonProperty("count") long count,
      @JsonProperty("min") Double min,
      @JsonProperty("max") Double max,
      @JsonProperty("items") List<double[]> items,
      @JsonProperty("labels") Map<String, Long> labels,
      @JsonProperty("missing") long missing,
      @JsonProperty("wrong_type") long wrongType,
      @JsonProperty("sum") double sum,
      @JsonProperty("sum_of_squares") double sumOfSquares) {}

  public static BaselineSketches of(
      long itemCount, Map<String, FeatureSketch> sketches, FeatureSketch target) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    sketches.forEach((name, s) -> entries.put(name, s.toEntry()));
    return new BaselineSketches(1, itemCount, entries, target == null ? null : target.toEntry());
  }

  /** The sketches, decoded, in model order. */
  public Map<String, FeatureSketch> decode() {
    Map<String, FeatureSketch> out = new LinkedHashMap<>();
    features.forEach((name, e) -> out.put(name, FeatureSketch.fromEntry(e)));
    return out;
  }

  public static BaselineSketches read(Path file) {
    return Json.read(file, BaselineSketches.class);
  }

  public void write(Path file) {
    Json.write(file, this);
  }
}
