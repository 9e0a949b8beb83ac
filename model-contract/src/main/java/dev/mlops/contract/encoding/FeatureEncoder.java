package dev.mlops.contract.encoding;

import dev.mlops.contract.schema.FeatureType;
import dev.mlops.contract.schema.Values;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns raw rows into float vectors with a {@link FeatureEncoding}. Built once per model and shared
 * by all threads (it holds no mutable state). Missing values ({@code ""}, {@code NA}, JSON null or
 * an absent key) become NaN, which XGBoost treats as missing.
 */
public final class FeatureEncoder {

  private final String[] names;
  private final boolean[] numeric;
  private final List<Map<String, Integer>> codes;
  private final Map<String, Integer> position;
  private final List<String> missingValues;
  private final Map<String, Integer> classCodes;
  private final List<String> classes;

  public FeatureEncoder(FeatureEncoding encoding, List<String> missingValues) {
    int n = encoding.features().size();
    this.names = new String[n];
    this.numeric = new boolean[n];
    this.codes = new java.util.ArrayList<>(n);
    this.position = new HashMap<>();
    for (int i = 0; i < n; i++) {
      FeatureEncoding.EncodedFeature f = encoding.features().get(i);
      names[i] = f.name();
      numeric[i] = f.type() == FeatureType.NUMERIC;
      Map<String, Integer> map = null;
      if (!numeric[i]) {
        map = new HashMap<>();
        for (int c = 0; c < f.categories().size(); c++) {
          map.put(f.categories().get(c), c);
        }
      }
      codes.add(map);
      position.put(f.name(), i);
    }
    this.missingValues = List.copyOf(missingValues);
    this.classes = encoding.classes();
    if (classes != null) {
      classCodes = new HashMap<>();
      for (int c = 0; c < classes.size(); c++) {
        classCodes.put(classes.get(c), c);
      }
    } else {
      classCodes = null;
    }
  }

  /** Number of model inputs. */
  public int width() {
    return names.length;
  }

  public String featureName(int i) {
    return names[i];
  }

  /** Target labels in code order, or null for regression. */
  public List<String> classes() {
    return classes;
  }

  private boolean isMissing(String value) {
    return missingValues.contains(value.trim());
  }

  /**
   * Encodes one CSV row whose fields are in model order.
   *
   * @param row 1-based row number, for error messages
   * @return how many categorical labels were unknown (encoded as missing)
   */
  public int encodeFields(String[] fields, float[] out, int offset, int row) {
    if (fields.length != names.length) {
      throw new InvalidInputException(
          row, null, "has " + fields.length + " values, the model takes " + names.length);
    }
    int unknown = 0;
    for (int i = 0; i < names.length; i++) {
      String v = fields[i];
      if (isMissing(v)) {
        out[offset + i] = Float.NaN;
      } else if (numeric[i]) {
        out[offset + i] = parseNumber(v, row, i);
      } else {
        Integer code = codes.get(i).get(v.trim());
        if (code == null) {
          unknown++;
          out[offset + i] = Float.NaN;
        } else {
          out[offset + i] = code;
        }
      }
    }
    return unknown;
  }

  /**
   * Encodes one JSON instance (feature name to value). Unknown keys are ignored, as a model ignores
   * columns it was not trained on; absent keys are missing values.
   *
   * @return how many categorical labels were unknown (encoded as missing)
   */
  public int encodeInstance(Map<String, ?> instance, float[] out, int offset, int row) {
    int unknown = 0;
    for (int i = 0; i < names.length; i++) {
      Object v = instance.get(names[i]);
      if (v == null || (v instanceof String s && isMissing(s))) {
        out[offset + i] = Float.NaN;
      } else if (numeric[i]) {
        if (v instanceof Number num) {
          double d = num.doubleValue();
          if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
            throw new InvalidInputException(row, names[i], "'" + v + "' is not a finite number");
          }
          out[offset + i] = (float) d;
        } else if (v instanceof String s) {
          out[offset + i] = parseNumber(s, row, i);
        } else {
          throw new InvalidInputException(row, names[i], "expected a number, got " + describe(v));
        }
      } else {
        if (!(v instanceof String) && !(v instanceof Number)) {
          throw new InvalidInputException(row, names[i], "expected a label, got " + describe(v));
        }
        Integer code = codes.get(i).get(String.valueOf(v).trim());
        if (code == null) {
          unknown++;
          out[offset + i] = Float.NaN;
        } else {
          out[offset + i] = code;
        }
      }
    }
    return unknown;
  }

  private float parseNumber(String v, int row, int i) {
    Double d;
    try {
      d = Values.parseFinite(v);
    } catch (Values.NonFiniteException e) {
      throw new InvalidInputException(row, names[i], e.getMessage());
    }
    if (d == null) {
      throw new InvalidInputException(row, names[i], "'" + abbreviate(v) + "' is not a number");
    }
    if (Math.abs(d) > Float.MAX_VALUE) {
      throw new InvalidInputException(row, names[i], "'" + abbreviate(v) + "' is out of range");
    }
    return (float) (double) d;
  }

  /** The training label of a target value: the number itself, or the class code. */
  public float encodeTarget(String value, int row, String column) {
    if (classCodes == null) {
      Double d;
      try {
        d = Values.parseFinite(value);
      } catch (Values.NonFiniteException e) {
        throw new InvalidInputException(row, column, e.getMessage());
      }
      if (d == null) {
        throw new InvalidInputException(row, column, "'" + abbreviate(value) + "' is not a number");
      }
      return (float) (double) d;
    }
    Integer code = classCodes.get(value.trim());
    if (code == null) {
      throw new InvalidInputException(row, column, "'" + value + "' is not a known class");
    }
    return code;
  }

  private static String describe(Object v) {
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "a list";
    }
    return v.getClass().getSimpleName();
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 37) + "...";
  }
}
