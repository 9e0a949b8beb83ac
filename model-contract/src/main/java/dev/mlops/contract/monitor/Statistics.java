package dev.mlops.contract.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.List;

/**
 * SageMaker Model Monitor's {@code statistics.json}: per-feature summary statistics of a dataset
 * (the training baseline, or a monitoring window).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Statistics(
    @JsonProperty("version") double version,
    @JsonProperty("dataset") Dataset dataset,
    @JsonProperty("features") List<FeatureStatistics> features) {

  public record Dataset(@JsonProperty("item_count") long itemCount) {}

  /**
   * @param inferredType Integral, Fractional, String or Unknown (Model Monitor's names)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureStatistics(
      @JsonProperty("name") String name,
      @JsonProperty("inferred_type") String inferredType,
      @JsonProperty("numerical_statistics") NumericalStatistics numericalStatistics,
      @JsonProperty("string_statistics") StringStatistics stringStatistics) {}

  public record Common(
      @JsonProperty("num_present") long numPresent, @JsonProperty("num_missing") long numMissing) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NumericalStatistics(
      @JsonProperty("common") Common common,
      @JsonProperty("mean") double mean,
      @JsonProperty("sum") double sum,
      @JsonProperty("std_dev") double stdDev,
      @JsonProperty("min") double min,
      @JsonProperty("max") double max,
      @JsonProperty("distribution") NumericDistribution distribution) {}

  public record NumericDistribution(@JsonProperty("kll") Kll kll) {}

  /**
   * @param buckets equal-width histogram of the values between min and max
   * @param sketch the quantile sketch, as Model Monitor lays it out
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Kll(
      @JsonProperty("buckets") List<Bucket> buckets, @JsonProperty("sketch") KllSketch sketch) {}

  public record Bucket(
      @JsonProperty("lower_bound") double lowerBound,
      @JsonProperty("upper_bound") double upperBound,
      @JsonProperty("count") double count) {}

  public record KllSketch(
      @JsonProperty("parameters") KllParameters parameters,
      @JsonProperty("data") List<List<Double>> data) {}

  public record KllParameters(@JsonProperty("c") double c, @JsonProperty("k") double k) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StringStatistics(
      @JsonProperty("common") Common common,
      @JsonProperty("distinct_count") double distinctCount,
      @JsonProperty("distribution") CategoricalDistribution distribution) {}

  public record CategoricalDistribution(@JsonProperty("categorical") Categorical categorical) {}

  public record Categorical(@JsonProperty("buckets") List<CategoryCount> buckets) {}

  public record CategoryCount(
      @JsonProperty("value") String value, @JsonProperty("count") long count) {}

  public static Statistics read(Path file) {
    return Json.read(file, Statistics.class);
  }

  public void write(Path file) {
    Json.write(file, this);
  }
}
