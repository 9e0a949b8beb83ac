package dev.mlops.contract.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One input column of the model.
 *
 * @param name the column name in the CSV header and the key in JSON instances
 * @param type numeric or categorical
 * @param min optional lowest accepted value (numeric only)
 * @param max optional highest accepted value (numeric only)
 * @param categories optional closed set of accepted labels (categorical only); when absent, any
 *     label is accepted in data and the labels seen in training become the model's categories
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feature(
    @JsonProperty("name") String name,
    @JsonProperty("type") FeatureType type,
    @JsonProperty("min") Double min,
    @JsonProperty("max") Double max,
    @JsonProperty("categories") List<String> categories) {

  public Feature {
    Objects.requireNonNull(name, "feature name");
    Objects.requireNonNull(type, "feature type of " + name);
    if (categories != null) {
      categories = List.copyOf(categories);
    }
  }

  public static Feature numeric(String name) {
    return new Feature(name, FeatureType.NUMERIC, null, null, null);
  }

  public static Feature categorical(String name) {
    return new Feature(name, FeatureType.CATEGORICAL, null, null, null);
  }

  public boolean isNumeric() {
    return type == FeatureType.NUMERIC;
  }
}
