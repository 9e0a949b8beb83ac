package dev.mlops.contract.encoding;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.FeatureType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How raw feature values become the float vector XGBoost sees, learned once at training and stored
 * with the model ({@code encoding.json}) so that serving encodes exactly as training did.
 *
 * <p>Numbers pass through as floats. A categorical feature becomes its label's code: the label's
 * position in {@code categories}, which lists the training labels in sorted order. The rule for a
 * label not seen in training is {@link #UNKNOWN_AS_MISSING}: it is encoded as a missing value, so
 * the tree takes the default branch it learned for missing data, and the serving response counts
 * it. (The gateway, which knows the schema, can reject such labels before they get here.)
 *
 * @param features one entry per model input, in model order
 * @param classes for classification, the target labels in code order; null for regression
 * @param unknownCategory the stated rule for unseen labels
 */
public record FeatureEncoding(
    @JsonProperty("features") List<EncodedFeature> features,
    @JsonProperty("classes") List<String> classes,
    @JsonProperty("unknown_category") String unknownCategory) {

  /** Unseen categorical labels are encoded as missing values. */
  public static final String UNKNOWN_AS_MISSING = "missing";

  /**
   * @param name feature name
   * @param type numeric or categorical
   * @param categories for categorical features, the labels in code order
   */
  public record EncodedFeature(
      @JsonProperty("name") String name,
      @JsonProperty("type") FeatureType type,
      @JsonProperty("categories") List<String> categories) {}

  public FeatureEncoding {
    features = List.copyOf(features);
    classes = classes == null ? null : List.copyOf(classes);
    unknownCategory = unknownCategory == null ? UNKNOWN_AS_MISSING : unknownCategory;
  }

  /**
   * Learns the encoding from the training rows: categorical codes from the labels present (or the
   * schema's closed list when it has one), classes from the schema or the target values present.
   */
  public static FeatureEncoding learn(DatasetSchema schema, CsvTable train) {
    List<EncodedFeature> encoded = new ArrayList<>();
    for (Feature f : schema.features()) {
      if (f.isNumeric()) {
        encoded.add(new EncodedFeature(f.name(), FeatureType.NUMERIC, null));
      } else if (f.categories() != null) {
        encoded.add(new EncodedFeature(f.name(), FeatureType.CATEGORICAL, f.categories()));
      } else {
        encoded.add(
            new EncodedFeature(
                f.name(), FeatureType.CATEGORICAL, distinct(schema, train, f.name())));
      }
    }
    List<String> classes = null;
    if (schema.problemType().isClassification()) {
      classes =
          schema.classes() != null ? schema.classes() : distinct(schema, train, schema.target());
    }
    return new FeatureEncoding(encoded, classes, UNKNOWN_AS_MISSING);
  }

  private static List<String> distinct(DatasetSchema schema, CsvTable table, String column) {
    int c = table.column(column);
    TreeSet<String> labels = new TreeSet<>();
    for (int r = 0; r < table.size(); r++) {
      String v = table.get(r, c);
      if (!schema.isMissing(v)) {
        labels.add(v.trim());
      }
    }
    return List.copyOf(labels);
  }

  public static FeatureEncoding read(Path file) {
    return Json.read(file, FeatureEncoding.class);
  }

  public void write(Path file) {
    Json.write(file, this);
  }

  /** A positional encoding for a bare model: {@code width} numeric features f0..f(width-1). */
  public static FeatureEncoding positional(int width) {
    List<EncodedFeature> features = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      features.add(new EncodedFeature("f" + i, FeatureType.NUMERIC, null));
    }
    return new FeatureEncoding(features, null, UNKNOWN_AS_MISSING);
  }
}
