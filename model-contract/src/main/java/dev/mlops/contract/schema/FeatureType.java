package dev.mlops.contract.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a column's values are read: numbers, or labels from a set of categories. */
public enum FeatureType {
  NUMERIC,
  CATEGORICAL;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static FeatureType fromJson(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "feature type must be 'numeric' or 'categorical', not '" + value + "'");
    }
  }
}
