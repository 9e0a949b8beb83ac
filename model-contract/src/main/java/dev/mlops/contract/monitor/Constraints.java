package dev.mlops.contract.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.List;

/**
 * SageMaker Model Monitor's {@code constraints.json}: what the monitored data must satisfy. Per
 * feature overrides of the drift threshold go in {@code monitoringConfigOverrides}, a field Model
 * Monitor ignores and our drift monitor reads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Constraints(
    @JsonProperty("version") double version,
    @JsonProperty("features") List<FeatureConstraint> features,
    @JsonProperty("monitoring_config") MonitoringConfig monitoringConfig) {

  /**
   * @param completeness share of rows where the feature is present, in the baseline
   * @param featureDriftThreshold optional per-feature override of the comparison threshold
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureConstraint(
      @JsonProperty("name") String name,
      @JsonProperty("inferred_type") String inferredType,
      @JsonProperty("completeness") double completeness,
      @JsonProperty("num_constraints") NumConstraints numConstraints,
      @JsonProperty("string_constraints") StringConstraints stringConstraints,
      @JsonProperty("monitoringConfigOverrides") FeatureOverrides overrides) {}

  public record NumConstraints(@JsonProperty("is_non_negative") boolean isNonNegative) {}

  public record StringConstraints(@JsonProperty("domains") List<String> domains) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureOverrides(
      @JsonProperty("comparison_threshold") Double comparisonThreshold,
      @JsonProperty("comparison_method") String comparisonMethod) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MonitoringConfig(
      @JsonProperty("evaluate_constraints") String evaluateConstraints,
      @JsonProperty("emit_metrics") String emitMetrics,
      @JsonProperty("datatype_check_threshold") double datatypeCheckThreshold,
      @JsonProperty("domain_content_threshold") double domainContentThreshold,
      @JsonProperty("distribution_constraints") DistributionConstraints distributionConstraints) {}

  /**
   * @param comparisonThreshold numeric drift threshold (Model Monitor's default 0.1)
   * @param comparisonMethod Robust (L-infinity of the CDFs), or our options Wasserstein and PSI
   * @param categoricalComparisonThreshold categorical drift threshold
   * @param categoricalDriftMethod LInfinity, JensenShannon or ChiSquared
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DistributionConstraints(
      @JsonProperty("perform_comparison") String performComparison,
      @JsonProperty("comparison_threshold") double comparisonThreshold,
      @JsonProperty("comparison_method") String comparisonMethod,
      @JsonProperty("categorical_comparison_threshold") Double categoricalComparisonThreshold,
      @JsonProperty("categorical_drift_method") String categoricalDriftMethod) {}

  public static Constraints read(Path file) {
    return Json.read(file, Constraints.class);
  }

  public void write(Path file) {
    Json.write(file, this);
  }

  /** The constraint of a feature, or null. */
  public FeatureConstraint feature(String name) {
    for (FeatureConstraint f : features) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
