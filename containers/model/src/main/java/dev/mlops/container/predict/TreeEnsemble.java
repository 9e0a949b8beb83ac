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
 * <p>The walk reads one packed array, two ints per node: the split condition or leaf value as float
 * bits, then the left child (whose sibling follows it), the step a missing value takes (0 left, 1
 * right) and the feature, packed in one int; nodes are numbered breadth-first per tree so that
 * siblings are adjacent. Eight bytes a node halve the model's share of a core's cache, which a
 * serving core shares with the HTTP stack and the load: the anchor model's 200 trees take 150 KB
 * (300 KB at sixteen bytes a node, when serve spent about 8 us a request walking them under load
 * and 2 us on a quiet core). Models whose node count and feature count do not fit in one int
 * together are left to XGBoost4J ({@link UnsupportedModelException}). A leaf points to itself
 * through a feature slot that is always -Infinity (below any leaf value: left, to itself), so every
 * tree is walked for exactly its depth with no test for leaves, and the step is written as selects
 * with no branch, which the JIT can compile to conditional moves (a split goes either way about
 * half the time, so a branch there is often mispredicted). A row with no missing value, the usual
 * case, is walked by a step with no missing-value test. Eight trees are walked side by side: their
 * steps do not depend on each other, so the processor overlaps their loads. Leaf values are still
 * added in tree order.
 */
public final class TreeEnsemble implements Predictor {

  /** Trees walked side by side. */
  private static final int LANES = 8;

  private final int[] packed;
  private final int[] packedRoots;

  /** Bits of a node's second int that hold the feature; the missing step is the next bit up. */
  private final int featureBits;

  private final int featureMask;

  /** Where the left child's number starts in a node's second int. */
  private final int childShift;

  /** Depth of each tree (steps from the root to its deepest leaf). */
  private final int[] treeDepth;

  /** The greatest depth of each block of {@link #LANES} trees. */
  private final int[] blockDepth;

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
    this.treeDepth = new int[roots.length];
    // the feature field holds numFeatures too: the -Infinity slot every leaf reads
    this.featureBits = 32 - Integer.numberOfLeadingZeros(numFeatures);
    this.featureMask = (1 << featureBits) - 1;
    this.childShift = featureBits + 1;
    if (childShift >= 32 || left.length - 1 > (-1 >>> childShift)) {
      throw new UnsupportedModelException(
          left.length + " nodes on " + numFeatures + " features (more than the walker packs)");
    }
    this.packed =
        pack(roots, left, right, feature, value, defaultLeft, numFeatures, packedRoots, treeDepth);
    this.blockDepth = new int[(roots.length + LANES - 1) / LANES];
    for (int t = 0; t < roots.length; t++) {
      blockDepth[t / LANES] = Math.max(blockDepth[t / LANES], treeDepth[t]);
    }
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
    float[] baseScores = parseBaseScores(params.path("base_score"));

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
    for (int c = 0; c < groups; c++) {
      // 3.x writes one intercept per class for multi-class models
      baseMargin[c] =
          objective.baseMargin(baseScores.length == groups ? baseScores[c] : baseScores[0]);
    }
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

  /**
   * 1.x and 2.x write "5E-1"; 3.x writes a vector: "[5E-1]", or one value per class for multi-class
   * models.
   */
  private static float[] parseBaseScores(JsonNode node) {
    if (node.isMissingNode()) {
      return new float[] {0.5f};
    }
    if (node.isNumber()) {
      return new float[] {node.floatValue()};
    }
    String s = node.asText().trim();
    if (s.startsWith("[")) {
      s = s.substring(1, s.length() - 1);
    }
    String[] parts = s.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  /** multi:softmax answers the class index, like XGBoost; multi:softprob each class's share. */
  @Override
  public int outputsPerRow() {
    return objective == Objective.SOFTMAX ? 1 : groups;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void predict(float[] rows, int rowCount, float[] out) {
    // the row with one more slot, always -Infinity: the feature every leaf "splits" on, below any
    // leaf value, so a leaf steps to itself (left, to its own number) on both walks
    float[] x = new float[numFeatures + 1];
    x[numFeatures] = Float.NEGATIVE_INFINITY;
    if (groups == 1) {
      for (int r = 0; r < rowCount; r++) {
        System.arraycopy(rows, r * numFeatures, x, 0, numFeatures);
        out[r] = objective.transform(margin(x, !hasMissing(x)));
      }
      return;
    }
    float[] margins = new float[groups];
    for (int r = 0; r < rowCount; r++) {
      System.arraycopy(rows, r * numFeatures, x, 0, numFeatures);
      System.arraycopy(baseMargin, 0, margins, 0, groups);
      for (int t = 0; t < packedRoots.length; t++) {
        margins[treeGroup[t]] += treeWeight[t] * leaf(x, t);
      }
      if (objective == Objective.SOFTMAX) {
        out[r] = argmax(margins);
      } else {
        softmax(margins, out, r * groups);
      }
    }
  }

  private static int argmax(float[] margins) {
    int best = 0;
    for (int c = 1; c < margins.length; c++) {
      if (margins[c] > margins[best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * The sum of the leaves row {@code x} reaches, eight trees at a time; {@code complete} (no value
   * missing) takes the step without the missing-value test. The flag holds for the whole walk; a
   * copy of this loop per step measured the same (serve under load, 5 rounds side by side, and the
   * walk alone).
   */
  private float margin(float[] x, boolean complete) {
    int[] t = packed;
    int[] roots = packedRoots;
    float[] w = treeWeight;
    float sum = baseMargin[0];
    int k = 0;
    for (; k + LANES <= roots.length; k += LANES) {
      int i0 = roots[k] << 1;
      int i1 = roots[k + 1] << 1;
      int i2 = roots[k + 2] << 1;
      int i3 = roots[k + 3] << 1;
      int i4 = roots[k + 4] << 1;
      int i5 = roots[k + 5] << 1;
      int i6 = roots[k + 6] << 1;
      int i7 = roots[k + 7] << 1;
      for (int d = blockDepth[k / LANES]; d > 0; d--) {
        i0 = next(t, x, i0, complete);
        i1 = next(t, x, i1, complete);
        i2 = next(t, x, i2, complete);
        i3 = next(t, x, i3, complete);
        i4 = next(t, x, i4, complete);
        i5 = next(t, x, i5, complete);
        i6 = next(t, x, i6, complete);
        i7 = next(t, x, i7, complete);
      }
      sum += w[k] * Float.intBitsToFloat(t[i0]);
      sum += w[k + 1] * Float.intBitsToFloat(t[i1]);
      sum += w[k + 2] * Float.intBitsToFloat(t[i2]);
      sum += w[k + 3] * Float.intBitsToFloat(t[i3]);
      sum += w[k + 4] * Float.intBitsToFloat(t[i4]);
      sum += w[k + 5] * Float.intBitsToFloat(t[i5]);
      sum += w[k + 6] * Float.intBitsToFloat(t[i6]);
      sum += w[k + 7] * Float.intBitsToFloat(t[i7]);
    }
    for (; k < roots.length; k++) {
      sum += w[k] * leaf(x, k);
    }
    return sum;
  }

  /** The value of the leaf that tree {@code tree} reaches for row {@code x}, one tree alone. */
  private float leaf(float[] x, int tree) {
    int i = packedRoots[tree] << 1;
    for (int d = treeDepth[tree]; d > 0; d--) {
      i = step(packed, x, i);
    }
    return Float.intBitsToFloat(packed[i]);
  }

  /**
   * One step down from the node at int offset {@code i}: left when {@code value < condition}, right
   * otherwise, the node's missing step when the value is NaN (a leaf: itself).
   */
  private int step(int[] t, float[] x, int i) {
    int node = t[i + 1];
    float v = x[node & featureMask];
    int right = v < Float.intBitsToFloat(t[i]) ? 0 : 1;
    int s = v != v ? (node >>> featureBits) & 1 : right;
    return ((node >>> childShift) + s) << 1;
  }

  private int next(int[] t, float[] x, int i, boolean complete) {
    return complete ? stepComplete(t, x, i) : step(t, x, i);
  }

  /** {@link #step} for a value that is never NaN. */
  private int stepComplete(int[] t, float[] x, int i) {
    int node = t[i + 1];
    return ((node >>> childShift) + (x[node & featureMask] < Float.intBitsToFloat(t[i]) ? 0 : 1))
        << 1;
  }

  private boolean hasMissing(float[] x) {
    for (int f = 0; f < numFeatures; f++) {
      if (x[f] != x[f]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Packs the parallel arrays breadth-first per tree (see the class comment); fills packedRoots and
   * treeDepth.
   */
  private int[] pack(
      int[] roots,
      int[] left,
      int[] right,
      int[] feature,
      float[] value,
      boolean[] defaultLeft,
      int leafSlot,
      int[] packedRoots,
      int[] treeDepth) {
    int[] out = new int[left.length * 2];
    int[] newId = new int[left.length];
    int[] depth = new int[left.length];
    int[] queue = new int[left.length];
    int next = 0;
    for (int t = 0; t < packedRoots.length; t++) {
      int head = 0;
      int tail = 0;
      queue[tail++] = roots[t];
      newId[roots[t]] = next++; // its depth: 0, as the array starts
      packedRoots[t] = newId[roots[t]];
      while (head < tail) {
        int n = queue[head++];
        int id = newId[n];
        int i = id * 2;
        out[i] = Float.floatToRawIntBits(value[n]);
        treeDepth[t] = Math.max(treeDepth[t], depth[n]);
        if (left[n] < 0) {
          // a leaf steps to itself: its feature is the -Infinity slot, below its value
          if (!(value[n] > Float.NEGATIVE_INFINITY)) {
            throw new UnsupportedModelException("a leaf value of " + value[n]);
          }
          out[i + 1] = (id << childShift) | leafSlot;
          continue;
        }
        newId[left[n]] = next++;
        newId[right[n]] = next++;
        depth[left[n]] = depth[n] + 1;
        depth[right[n]] = depth[n] + 1;
        out[i + 1] =
            (newId[left[n]] << childShift) | ((defaultLeft[n] ? 0 : 1) << featureBits) | feature[n];
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
