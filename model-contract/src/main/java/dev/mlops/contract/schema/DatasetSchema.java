package dev.mlops.contract.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a dataset looks like and what to predict from it. The pipeline is driven by this file, never
 * by hard-coded column names.
 *
 * @param name dataset name, e.g. {@code txhousing}
 * @param problemType regression, binary or multiclass classification
 * @param target the column to predict
 * @param timeColumn optional column that orders rows in time; when present the split is by time
 * @param ignoreColumns columns present in the data that the model must not use
 * @param missingValues field values read as "missing" (default: empty and {@code NA})
 * @param features the model inputs, in the order CSV requests give them
 * @param classes for classification, the target labels in code order (learned when absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSchema(
    @JsonProperty("name") String name,
    @JsonProperty("problem_type") ProblemType problemType,
    @JsonProperty("target") String target,
    @JsonProperty("time_column") String timeColumn,
    @JsonProperty("ignore_columns") List<String> ignoreColumns,
    @JsonProperty("missing_values") List<String> missingValues,
    @JsonProperty("features") List<Feature> features,
    @JsonProperty("classes") List<String> classes) {

  /** Field values read as missing unless the schema says otherwise. */
  public static final List<String> DEFAULT_MISSING_VALUES = List.of("", "NA");

  public DatasetSchema {
    Objects.requireNonNull(problemType, "problem_type is required");
    Objects.requireNonNull(target, "target is required");
    Objects.requireNonNull(features, "features are required");
    name = name == null ? "dataset" : name;
    ignoreColumns = ignoreColumns == null ? List.of() : List.copyOf(ignoreColumns);
    missingValues = missingValues == null ? DEFAULT_MISSING_VALUES : List.copyOf(missingValues);
    features = List.copyOf(features);
    classes = classes == null ? null : List.copyOf(classes);
    checkConsistent(target, timeColumn, features);
  }

  private static void checkConsistent(String target, String timeColumn, List<Feature> features) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one feature");
    }
    Set<String> names = new HashSet<>();
    for (Feature f : features) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("feature '" + f.name() + "' is listed twice");
      }
      if (f.name().equals(target)) {
        throw new IllegalArgumentException("the target '" + target + "' cannot also be a feature");
      }
      if (f.name().equals(timeColumn)) {
        throw new IllegalArgumentException(
            "the time column '" + timeColumn + "' cannot also be a feature");
      }
    }
  }

  public static DatasetSchema read(Path file) {
    return Json.read(file, DatasetSchema.class);
  }

  public static DatasetSchema parse(byte[] json) {
    return Json.read(json, DatasetSchema.class);
  }

  public void write(Path file) {
    Json.write(file, this);
  }

  /** Feature names in model order. */
  @JsonIgnore
  public List<String> featureNames() {
    List<String> names = new ArrayList<>(features.size());
    for (Feature f : features) {
      names.add(f.name());
    }
    return names;
  }

  /** The feature with this name, or null. */
  public Feature feature(String featureName) {
    for (Feature f : features) {
      if (f.name().equals(featureName)) {
        return f;
      }
    }
    return null;
  }

  public boolean isMissing(String value) {
    return value == null || missingValues.contains(value.trim());
  }

  /** A copy with the classes set (learned from the training split). */
  public DatasetSchema withClasses(List<String> learned) {
    return new DatasetSchema(
        name, problemType, target, timeColumn, ignoreColumns, missingValues, features, learned);
  }

  /** A copy with another feature list. */
  public DatasetSchema withFeatures(List<Feature> newFeatures) {
    return new DatasetSchema(
        name, problemType, target, timeColumn, ignoreColumns, missingValues, newFeatures, classes);
  }
}
