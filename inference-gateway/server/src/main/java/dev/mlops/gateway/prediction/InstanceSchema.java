package dev.mlops.gateway.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.mlops.contract.csv.CsvParser;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.gateway.problem.InputError;
import dev.mlops.gateway.problem.InvalidInstancesException;
import dev.mlops.gateway.problem.MalformedRequestException;
import dev.mlops.gateway.problem.PayloadTooLargeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One model's request checker, compiled once per schema: reads {@code {"instances": [...]}} in a
 * single streaming pass, checks every value against the schema, and writes the CSV rows the model
 * container reads fastest (schema feature order, no header). Every problem in every instance is
 * collected, so that a caller can fix a request in one round trip.
 *
 * <p>Strict by design: numbers must be JSON numbers (finite and within float range, the model's
 * precision), labels must be strings (or numbers, read as their text) from the model's categories
 * when it has a closed set, every feature is required, and keys that are not features are refused
 * (the last two can be relaxed in configuration).
 */
public final class InstanceSchema {

  /** What {@link #read} turns a valid body into. */
  public record Batch(String csv, int instances) {}

  /** How strict to be and how much to take. */
  public record Rules(
      boolean requireAllFeatures,
      boolean rejectUnknownFeatures,
      int maxLabelLength,
      int maxInstances,
      int maxListedErrors) {}

  private static final JsonFactory JSON =
      JsonFactory.builder()
          // NaN and Infinity then arrive as numbers and get a per-field 422 instead of a 400
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(32)
                  .maxNumberLength(400)
                  .maxNameLength(10_000)
                  .build())
          .build();

  private static final String MISSING = new String("<missing>");
  private static final String INVALID = new String("<invalid>");
  private static final int CATEGORIES_SHOWN = 10;

  private final String[] names;
  private final boolean[] numeric;
  private final double[] min;
  private final double[] max;
  private final List<Set<String>> categories;
  private final Map<String, Integer> index;
  private final Set<String> missingValues;
  private final Rules rules;
  private final String featureOrder;

  private InstanceSchema(DatasetSchema schema, FeatureEncoding encoding, Rules rules) {
    List<Feature> features = schema.features();
    int n = features.size();
    this.names = new String[n];
    this.numeric = new boolean[n];
    this.min = new double[n];
    this.max = new double[n];
    this.categories = new ArrayList<>(n);
    this.index = new HashMap<>(n * 2);
    Map<String, List<String>> learned = new HashMap<>();
    if (encoding != null) {
      for (FeatureEncoding.EncodedFeature f : encoding.features()) {
        if (f.categories() != null) {
          learned.put(f.name(), f.categories());
        }
      }
    }
    for (int i = 0; i < n; i++) {
      Feature f = features.get(i);
      names[i] = f.name();
      numeric[i] = f.isNumeric();
      min[i] = f.min() == null ? Double.NEGATIVE_INFINITY : f.min();
      max[i] = f.max() == null ? Double.POSITIVE_INFINITY : f.max();
      List<String> closed = f.categories() != null ? f.categories() : learned.get(f.name());
      categories.add(numeric[i] || closed == null ? null : Set.copyOf(closed));
      index.put(f.name(), i);
    }
    this.missingValues = Set.copyOf(schema.missingValues());
    this.rules = rules;
    this.featureOrder = String.join(",", names);
  }

  /**
   * @param encoding the model's {@code encoding.json} when known: its categories close the set of
   *     accepted labels for features whose schema does not list them
   */
  public static InstanceSchema compile(
      DatasetSchema schema, FeatureEncoding encoding, Rules rules) {
    return new InstanceSchema(schema, encoding, rules);
  }

  /** The features in model order, joined: two schemas with equal keys produce the same rows. */
  public String featureOrder() {
    return featureOrder;
  }

  public int width() {
    return names.length;
  }

  /**
   * Reads and checks a request body.
   *
   * @throws MalformedRequestException not JSON, or not {@code {"instances": [...]}}
   * @throws PayloadTooLargeException more instances than allowed
   * @throws InvalidInstancesException values that do not fit the schema (all of them listed)
   */
  public Batch read(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new MalformedRequestException(
            "the body is empty: send {\"instances\": [{\"<feature>\": value, ...}, ...]}");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new MalformedRequestException(
            "the body must be a JSON object {\"instances\": [...]}, not " + describe(t));
      }
      Errors errors = new Errors(rules.maxListedErrors());
      Batch batch = null;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        t = p.nextToken();
        if (!"instances".equals(field)) {
          throw new MalformedRequestException(
              "unknown field '" + abbreviate(field) + "': the body holds only 'instances'");
        }
        if (batch != null) {
          throw new MalformedRequestException("'instances' is given twice");
        }
        if (t != JsonToken.START_ARRAY) {
          throw new MalformedRequestException(
              "'instances' must be an array of objects, not " + describe(t));
        }
        batch = readInstances(p, errors);
      }
      if (p.nextToken() != null) {
        throw new MalformedRequestException("unexpected content after the JSON object");
      }
      if (batch == null) {
        throw new MalformedRequestException(
            "the body has no 'instances': send {\"instances\": [{\"<feature>\": value, ...}]}");
      }
      if (errors.count() > 0) {
        throw new InvalidInstancesException(errors.listed(), errors.count());
      }
      return batch;
    } catch (JsonProcessingException e) {
      throw new MalformedRequestException("malformed JSON: " + describe(e));
    } catch (IOException | IllegalStateException e) {
      // IllegalStateException: Jackson's guard against field-name hash flooding
      throw new MalformedRequestException("unreadable JSON body");
    }
  }

  private Batch readInstances(JsonParser p, Errors errors) throws IOException {
    StringBuilder csv = new StringBuilder(names.length * 12);
    String[] slots = new String[names.length];
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (n == rules.maxInstances()) {
        throw new PayloadTooLargeException(
            "more than "
                + rules.maxInstances()
                + " instances in one request: split it into several requests");
      }
      if (t == JsonToken.START_OBJECT) {
        readInstance(p, n, slots, csv, errors);
      } else {
        errors.add(n, null, "an instance must be an object of feature values, not " + describe(t));
        p.skipChildren();
      }
      n++;
    }
    if (n == 0) {
      errors.add(null, "instances", "holds no instance: send at least one");
    }
    return new Batch(csv.toString(), n);
  }

  private void readInstance(JsonParser p, int n, String[] slots, StringBuilder csv, Errors errors)
      throws IOException {
    Arrays.fill(slots, null);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      Integer at = index.get(field);
      if (at == null) {
        if (rules.rejectUnknownFeatures()) {
          errors.add(n, abbreviate(field), unknownFeature(field));
        }
        p.skipChildren();
        continue;
      }
      int i = at;
      if (slots[i] != null) {
        errors.add(n, field, "is given twice");
        p.skipChildren();
        continue;
      }
      slots[i] = numeric[i] ? readNumber(p, t, i, n, errors) : readLabel(p, t, i, n, errors);
    }
    for (int i = 0; i < names.length; i++) {
      if ((slots[i] == null || slots[i] == MISSING) && rules.requireAllFeatures()) {
        errors.add(
            n, names[i], slots[i] == null ? "is required" : "is required (a missing value given)");
      }
    }
    if (errors.count() > 0) {
      return; // no rows are sent when anything is wrong, so do not build them
    }
    if (names.length == 1 && (slots[0] == null || slots[0] == MISSING)) {
      // a blank CSV line is no row at all to the container
      errors.add(n, names[0], "is missing, and it is the model's only feature");
      return;
    }
    if (n > 0) {
      csv.append('\n');
    }
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        csv.append(',');
      }
      String v = slots[i];
      if (v != null && v != MISSING) {
        csv.append(v);
      }
    }
  }

  private String readNumber(JsonParser p, JsonToken t, int i, int n, Errors errors)
      throws IOException {
    switch (t) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        if (p.isNaN()) { // the NaN and Infinity tokens
          errors.add(n, names[i], "is not a finite number (" + p.getText() + ")");
          return INVALID;
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
          errors.add(
              n,
              names[i],
              "is out of range: " + abbreviate(p.getText()) + " exceeds the model's float range");
          return INVALID;
        }
        if (d < min[i] || d > max[i]) {
          errors.add(
              n,
              names[i],
              abbreviate(p.getText())
                  + " is outside the accepted range ["
                  + min[i]
                  + ", "
                  + max[i]
                  + "]");
          return INVALID;
        }
        String text = p.getText();
        // a long decimal carries no more than a double does; keep the rows short
        return text.length() <= 32 ? text : Double.toString(d);
      }
      case VALUE_NULL -> {
        return MISSING;
      }
      case VALUE_STRING -> {
        if (missingValues.contains(p.getText().trim())) {
          return MISSING;
        }
        errors.add(
            n, names[i], "expected a number, got the string \"" + abbreviate(p.getText()) + "\"");
        return INVALID;
      }
      default -> {
        errors.add(n, names[i], "expected a number, got " + describe(t));
        p.skipChildren();
        return INVALID;
      }
    }
  }

  private String readLabel(JsonParser p, JsonToken t, int i, int n, Errors errors)
      throws IOException {
    String label;
    switch (t) {
      case VALUE_STRING -> label = p.getText();
      case VALUE_NUMBER_INT -> label = p.getText();
      case VALUE_NUMBER_FLOAT -> {
        if (!Double.isFinite(p.getDoubleValue())) {
          errors.add(n, names[i], "expected a label, got " + p.getText());
          return INVALID;
        }
        label = p.getText();
      }
      case VALUE_NULL -> {
        return MISSING;
      }
      default -> {
        errors.add(n, names[i], "expected a label (a string), got " + describe(t));
        p.skipChildren();
        return INVALID;
      }
    }
    String trimmed = label.trim();
    if (missingValues.contains(trimmed)) {
      return MISSING;
    }
    if (label.length() > rules.maxLabelLength()) {
      errors.add(
          n,
          names[i],
          "is longer than " + rules.maxLabelLength() + " characters: " + abbreviate(label));
      return INVALID;
    }
    String oddity = oddCharacters(label);
    if (oddity != null) {
      errors.add(n, names[i], oddity);
      return INVALID;
    }
    Set<String> known = categories.get(i);
    if (known != null && !known.contains(trimmed)) {
      errors.add(
          n, names[i], "'" + abbreviate(label) + "' is not a known category" + listed(known));
      return INVALID;
    }
    return CsvParser.quote(label);
  }

  /** Control characters and unpaired surrogates have no place in a label and break CSV rows. */
  private static String oddCharacters(String label) {
    for (int k = 0; k < label.length(); k++) {
      char c = label.charAt(k);
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
      }
      if (Character.isHighSurrogate(c)) {
        if (k + 1 < label.length() && Character.isLowSurrogate(label.charAt(k + 1))) {
          k++;
          continue;
        }
        return "contains an unpaired surrogate (not valid Unicode text)";
      }
      if (Character.isLowSurrogate(c)) {
        return "contains an unpaired surrogate (not valid Unicode text)";
      }
    }
    return null;
  }

  private static String listed(Set<String> known) {
    List<String> sorted = new ArrayList<>(known);
    sorted.sort(null);
    StringBuilder s = new StringBuilder(" (known: ");
    for (int k = 0; k < Math.min(CATEGORIES_SHOWN, sorted.size()); k++) {
      if (k > 0) {
        s.append(", ");
      }
      s.append(abbreviate(sorted.get(k)));
    }
    if (sorted.size() > CATEGORIES_SHOWN) {
      s.append(", ... ").append(sorted.size() - CATEGORIES_SHOWN).append(" more");
    }
    return s.append(')').toString();
  }

  private String unknownFeature(String field) {
    for (String name : names) {
      if (name.equalsIgnoreCase(field.trim())) {
        return "is not a feature of this model; did you mean '" + name + "'?";
      }
    }
    return "is not a feature of this model";
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = "unreadable";
    }
    int cut = message.indexOf('\n');
    message = abbreviate(cut < 0 ? message : message.substring(0, cut));
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      message += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
    return message;
  }

  static String abbreviate(String text) {
    String t = text.length() <= 80 ? text : text.substring(0, 77) + "...";
    StringBuilder s = null;
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      boolean odd = c < 0x20 || c == 0x7f || Character.isSurrogate(c);
      if (odd && s == null) {
        s = new StringBuilder(t.length() + 8).append(t, 0, k);
      }
      if (s != null) {
        if (odd) {
          s.append(String.format("\\u%04x", (int) c));
        } else {
          s.append(c);
        }
      }
    }
    return s == null ? t : s.toString();
  }

  /** Collects problems; lists the first few hundred and counts the rest. */
  private static final class Errors {
    private final int maxListed;
    private final List<InputError> listed = new ArrayList<>();
    private int count;

    Errors(int maxListed) {
      this.maxListed = maxListed;
    }

    void add(Integer instance, String field, String reason) {
      count++;
      if (listed.size() < maxListed) {
        listed.add(new InputError(instance, field, reason));
      }
    }

    int count() {
      return count;
    }

    List<InputError> listed() {
      return listed;
    }
  }
}
