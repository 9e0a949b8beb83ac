package dev.mlops.contract.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the model predicts; decides the XGBoost objective and the evaluation metrics. */
public enum ProblemType {
  REGRESSION("reg:squarederror"),
  BINARY_CLASSIFICATION("binary:logistic"),
  MULTICLASS_CLASSIFICATION("multi:softprob");

  private final String defaultObjective;

  ProblemType(String defaultObjective) {
    this.defaultObjective = defaultObjective;
  }

  /** The XGBoost objective used unless the hyperparameters name another. */
  public String defaultObjective() {
    return defaultObjective;
  }

  public boolean isClassification() {
    return this != REGRESSION;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ProblemType fromJson(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "problem_type must be regression, binary_classification or multiclass_classification, not '"
              + value
              + "'");
    }
  }
}
