package dev.mlops.contract.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.List;

/** SageMaker Model Monitor's {@code constraint_violations.json}. */
public record ConstraintViolations(@JsonProperty("violations") List<Violation> violations) {

  /** Model Monitor's check names. */
  public static final String DATA_TYPE_CHECK = "data_type_check";

  public static final String COMPLETENESS_CHECK = "completeness_check";
  public static final String BASELINE_DRIFT_CHECK = "baseline_drift_check";
  public static final String MISSING_COLUMN_CHECK = "missing_column_check";
  public static final String EXTRA_COLUMN_CHECK = "extra_column_check";
  public static final String CATEGORICAL_VALUES_CHECK = "categorical_values_check";

  public record Violation(
      @JsonProperty("feature_name") String featureName,
      @JsonProperty("constraint_check_type") String constraintCheckType,
      @JsonProperty("description") String description) {}

  public static ConstraintViolations read(Path file) {
    return Json.read(file, ConstraintViolations.class);
  }

  public void write(Path file) {
    Json.write(file, this);
  }
}
