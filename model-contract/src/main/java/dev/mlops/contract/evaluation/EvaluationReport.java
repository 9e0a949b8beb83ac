package dev.mlops.contract.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code evaluation.json} in SageMaker's model quality metrics format, e.g. {@code
 * {"regression_metrics": {"rmse": {"value": 12.3, "standard_deviation": "NaN"}}}}. Exactly one of
 * the three sections is present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(
    @JsonProperty("regression_metrics") Map<String, Metric> regressionMetrics,
    @JsonProperty("binary_classification_metrics") Map<String, Metric> binaryMetrics,
    @JsonProperty("multiclass_classification_metrics") Map<String, Metric> multiclassMetrics) {

  public static final String FILE_NAME = "evaluation.json";

  /**
   * @param value the metric
   * @param standardDeviation SageMaker writes the string "NaN" when it has none; we do too
   */
  public record Metric(
      @JsonProperty("value") double value,
      @JsonProperty("standard_deviation") Object standardDeviation) {
    public static Metric of(double value) {
      return new Metric(value, "NaN");
    }
  }

  /** All metrics, whichever section holds them. */
  @JsonIgnore
  public Map<String, Double> metrics() {
    Map<String, Metric> section =
        regressionMetrics != null
            ? regressionMetrics
            : binaryMetrics != null ? binaryMetrics : multiclassMetrics;
    Map<String, Double> out = new LinkedHashMap<>();
    if (section != null) {
      section.forEach((k, v) -> out.put(k, v.value()));
    }
    return out;
  }

  /** A metric by name, or null. */
  public Double metric(String name) {
    return metrics().get(name);
  }

  public static EvaluationReport read(Path file) {
    return Json.read(file, EvaluationReport.class);
  }

  public void write(Path file) {
    Json.write(file, this);
  }
}
