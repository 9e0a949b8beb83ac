package dev.mlops.drift.capture;

import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.ProblemType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's schema compiled for folding: feature order and types as arrays, names to positions, the
 * missing-value tokens as characters, so the hot loop never looks at the schema records.
 */
public final class SchemaLayout {

  private final DatasetSchema schema;
  private final String[] names;
  private final boolean[] numeric;
  private final Map<String, Integer> positions = new HashMap<>();
  private final char[][] missingTokens;
  private final boolean numericPrediction;

  public SchemaLayout(DatasetSchema schema) {
    this.schema = schema;
    List<Feature> features = schema.features();
    names = new String[features.size()];
    numeric = new boolean[features.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = features.get(i).name();
      numeric[i] = features.get(i).isNumeric();
      positions.put(names[i], i);
    }
    missingTokens = new char[schema.missingValues().size()][];
    for (int i = 0; i < missingTokens.length; i++) {
      missingTokens[i] = schema.missingValues().get(i).trim().toCharArray();
    }
    // regression predicts a number, binary classification a probability; multiclass a label
    numericPrediction = schema.problemType() != ProblemType.MULTICLASS_CLASSIFICATION;
  }

  public DatasetSchema schema() {
    return schema;
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public List<String> names() {
    return List.of(names);
  }

  public boolean isNumeric(int i) {
    return numeric[i];
  }

  /** Position of a feature, or -1. */
  public int position(String name) {
    Integer p = positions.get(name);
    return p == null ? -1 : p;
  }

  /** The prediction is named after the target it predicts. */
  public String predictionName() {
    return schema.target();
  }

  public boolean isNumericPrediction() {
    return numericPrediction;
  }

  /** Whether the trimmed characters are one of the schema's missing-value tokens. */
  public boolean isMissing(char[] buf, int off, int len) {
    for (char[] token : missingTokens) {
      if (token.length == len) {
        boolean same = true;
        for (int k = 0; k < len; k++) {
          if (token[k] != buf[off + k]) {
            same = false;
            break;
          }
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  public boolean isMissing(String value) {
    return schema.isMissing(value);
  }
}
