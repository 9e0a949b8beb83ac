package dev.mlops.container.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Predicts by walking the trees of an XGBoost JSON model directly. Building an XGBoost {@code
 * DMatrix} and crossing JNI costs more than the whole walk for a single row, so serving uses this
 * and keeps XGBoost4J for training and for parity checks.
 *
 * <p>It reproduces XGBoost's arithmetic: feature values and split conditions are 32-bit floats,
 * {@code value < condition} goes left, a missing value (NaN) takes the node's default direction,
 * and leaf values are added in tree order onto the base margin in 32-bit float.
 *
 * <p>The walk reads one packed array: four ints per node (feature, or -1 for a leaf; split
 * condition or leaf value as float bits; left child, whose sibling follows it; the step a missing
 * value takes, 0 left or 1 right), nodes numbered breadth-first per tree so that siblings are
 * adjacent. With one array instead of five parallel ones, a step touches one cache line, not five:
 * the walk was 40 % of {@code serve}'s CPU before.
 */
public final class TreeEnsemble implements Predictor {

  private final int[] packed;
  private final int[] packedRoots;
  private final int[] treeGroup;
  private final float[] treeWeight;
  private final float[] baseMargin;
  private final int groups;
  private final int numFeatures;
  private final Objective objective;
  private final String description;

  private TreeEnsemble(
      int[] roots,
      int[] treeGroup,
      int[] left,
      int[] right,
      int[] feature,
      float[] value,
      boolean[] defaultLeft,
      float[] treeWeight,
      float[] baseMargin,
      int numFeatures,
      Objective objective,
      String description) {
    this.treeGroup = treeGroup;
    this.treeWeight = treeWeight;
    this.baseMargin = baseMargin;
    this.groups = baseMargin.length;
    this.numFeatures = numFeatures;
    this.objective = objective;
    this.description = description;
    this.packedRoots = new int[roots.length];
    this.packed = pack(roots, left, right, feature, value, defaultLeft, packedRoots);
  }

  /**
   * Loads an XGBoost JSON model (as written by {@code save_model("model.json")} in XGBoost 1.x to
   * 3.x).
   *
   * @throws UnsupportedModelException for categorical splits, vector leaves or unknown objectives
   */
  public static TreeEnsemble load(Path file, ObjectMapper mapper) throws IOException {
    return parse(mapper.readTree(file.toFile()), file.getFileName().toString());
  }

  static TreeEnsemble parse(JsonNode root, String name) {
    JsonNode learner = root.path("learner");
    if (learner.isMissingNode()) {
      throw new UnsupportedModelException(
          "a JSON document without 'learner' (not an XGBoost model)");
    }
    JsonNode params = learner.path("learner_model_param");
    Objective objective = Objective.of(learner.path("objective").path("name").asText());
    int numClass = Math.max(1, parseInt(params.path("num_class"), 0));
    int numTarget = Math.max(1, parseInt(params.path("num_target"), 1));
    if (numTarget > 1) {
      throw new UnsupportedModelException("multi-target models");
    }
    int numFeatures = parseInt(params.path("num_feature"), 0);
    float baseScore = parseBaseScore(params.path("base_score"));

    JsonNode booster = learner.path("gradient_booster");
    String boosterName = booster.path("name").asText("gbtree");
    JsonNode model;
    JsonNode weightDrop = null;
    switch (boosterName) {
      case "gbtree" -> model = booster.path("model");
      case "dart" -> {
        model = booster.path("gbtree").path("model");
        weightDrop = booster.path("weight_drop");
      }
      default -> throw new UnsupportedModelException("booster '" + boosterName + "'");
    }
    JsonNode trees = model.path("trees");
    JsonNode treeInfo = model.path("tree_info");
    int treeCount = trees.size();
    int nodeCount = 0;
    for (JsonNode tree : trees) {
      nodeCount += tree.path("left_children").size();
    }
    int[] roots = new int[treeCount];
    int[] treeGroup = new int[treeCount];
    float[] treeWeight = new float[treeCount];
    int[] left = new int[nodeCount];
    int[] right = new int[nodeCount];
    int[] feature = new int[nodeCount];
    float[] value = new float[nodeCount];
    boolean[] defaultLeft = new boolean[nodeCount];
    int offset = 0;
    int maxFeature = -1;
    for (int t = 0; t < treeCount; t++) {
      JsonNode tree = trees.get(t);
      if (parseInt(tree.path("tree_param").path("size_leaf_vector"), 0) > 1) {
        throw new UnsupportedModelException("vector leaves");
      }
      JsonNode splitType = tree.path("split_type");
      for (JsonNode s : splitType) {
        if (s.asInt() != 0) {
          throw new UnsupportedModelException("categorical splits");
        }
      }
      JsonNode l = tree.path("left_children");
      JsonNode r = tree.path("right_children");
      JsonNode idx = tree.path("split_indices");
      JsonNode cond = tree.path("split_conditions");
      JsonNode dl = tree.path("default_left");
      int n = l.size();
      roots[t] = offset;
      treeGroup[t] = treeInfo.size() > t ? treeInfo.get(t).asInt() : 0;
      treeWeight[t] =
          weightDrop != null && weightDrop.size() > t ? (float) weightDrop.get(t).asDouble() : 1f;
      for (int i = 0; i < n; i++) {
        int li = l.get(i).asInt();
        int g = offset + i;
        boolean leaf = li < 0;
        left[g] = leaf ? -1 : offset + li;
        right[g] = leaf ? -1 : offset + r.get(i).asInt();
        feature[g] = leaf ? 0 : idx.get(i).asInt();
        value[g] = (float) cond.get(i).asDouble();
        JsonNode d = dl.get(i);
        defaultLeft[g] = d != null && (d.isBoolean() ? d.asBoolean() : d.asInt() != 0);
        if (!leaf) {
          maxFeature = Math.max(maxFeature, feature[g]);
        }
      }
      offset += n;
    }
    if (numFeatures == 0) {
      numFeatures = maxFeature + 1;
    }
    if (maxFeature >= numFeatures) {
      throw new UnsupportedModelException(
          "a split on feature " + maxFeature + " beyond num_feature " + numFeatures);
    }
    int groups = objective == Objective.SOFTPROB || objective == Objective.SOFTMAX ? numClass : 1;
    float[] baseMargin = new float[groups];
    java.util.Arrays.fill(baseMargin, objective.baseMargin(baseScore));
    return new TreeEnsemble(
        roots,
        treeGroup,
        left,
        right,
        feature,
        value,
        defaultLeft,
        treeWeight,
        baseMargin,
        numFeatures,
        objective,
        "tree walker: "
            + name
            + " ("
            + treeCount
            + " trees, "
            + numFeatures
            + " features, "
            + learner.path("objective").path("name").asText()
            + ")");
  }

  private static int parseInt(JsonNode node, int fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    return node.isNumber() ? node.asInt() : Integer.parseInt(node.asText().trim());
  }

  /** 1.x and 2.x write "5E-1"; 3.x writes a vector "[5E-1]". */
  private static float parseBaseScore(JsonNode node) {
    if (node.isMissingNode()) {
      return 0.5f;
    }
    if (node.isNumber()) {
      return node.floatValue();
    }
    String s = node.asText().trim();
    if (s.startsWith("[")) {
      s = s.substring(1, s.length() - 1);
      int comma = s.indexOf(',');
      if (comma >= 0) {
        s = s.substring(0, comma);
      }
    }
    return Float.parseFloat(s.trim());
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public int outputsPerRow() {
    return groups;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void predict(float[] rows, int rowCount, float[] out) {
    if (groups == 1) {
      for (int r = 0; r < rowCount; r++) {
        out[r] = objective.transform(margin(rows, r * numFeatures));
      }
      return;
    }
    float[] margins = new float[groups];
    for (int r = 0; r < rowCount; r++) {
      System.arraycopy(baseMargin, 0, margins, 0, groups);
      int base = r * numFeatures;
      for (int t = 0; t < packedRoots.length; t++) {
        margins[treeGroup[t]] += treeWeight[t] * leaf(rows, base, packedRoots[t]);
      }
      softmax(margins, out, r * groups);
    }
  }

  private float margin(float[] rows, int base) {
    float sum = baseMargin[0];
    for (int t = 0; t < packedRoots.length; t++) {
      sum += treeWeight[t] * leaf(rows, base, packedRoots[t]);
    }
    return sum;
  }

  private float leaf(float[] rows, int base, int root) {
    int[] t = packed;
    int i = root << 2;
    int f;
    while ((f = t[i]) >= 0) {
      float v = rows[base + f];
      int l = t[i + 2];
      // NaN (missing) compares false: it takes the node's default step
      int child = v < Float.intBitsToFloat(t[i + 1]) ? l : (v != v ? l + t[i + 3] : l + 1);
      i = child << 2;
    }
    return Float.intBitsToFloat(t[i + 1]);
  }

  /**
   * Packs the parallel arrays breadth-first per tree (see the class comment); fills packedRoots.
   */
  private static int[] pack(
      int[] roots,
      int[] left,
      int[] right,
      int[] feature,
      float[] value,
      boolean[] defaultLeft,
      int[] packedRoots) {
    int[] out = new int[left.length * 4];
    int[] newId = new int[left.length];
    int[] queue = new int[left.length];
    int next = 0;
    for (int t = 0; t < packedRoots.length; t++) {
      int head = 0;
      int tail = 0;
      queue[tail++] = roots[t];
      newId[roots[t]] = next++;
      packedRoots[t] = newId[roots[t]];
      while (head < tail) {
        int n = queue[head++];
        int i = newId[n] * 4;
        out[i + 1] = Float.floatToRawIntBits(value[n]);
        if (left[n] < 0) {
          out[i] = -1;
          continue;
        }
        newId[left[n]] = next++;
        newId[right[n]] = next++;
        out[i] = feature[n];
        out[i + 2] = newId[left[n]];
        out[i + 3] = defaultLeft[n] ? 0 : 1;
        queue[tail++] = left[n];
        queue[tail++] = right[n];
      }
    }
    return out;
  }

  private static void softmax(float[] margins, float[] out, int offset) {
    float max = Float.NEGATIVE_INFINITY;
    for (float m : margins) {
      max = Math.max(max, m);
    }
    double sum = 0;
    for (float m : margins) {
      sum += Math.exp(m - max);
    }
    for (int c = 0; c < margins.length; c++) {
      out[offset + c] = (float) (Math.exp(margins[c] - max) / sum);
    }
  }
}
