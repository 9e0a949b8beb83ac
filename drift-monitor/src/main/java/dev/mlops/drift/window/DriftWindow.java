package dev.mlops.drift.window;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.baseline.FeatureSketch;
import dev.mlops.drift.capture.SchemaLayout;
import dev.mlops.drift.capture.SkipReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tumbling monitoring window of an endpoint and model version, open or closed: the sketches of
 * every feature and of the prediction, and the counts of what did not fit. Mutable and owned by one
 * thread (the capture worker); {@link #toState} is its durable form.
 */
public final class DriftWindow {

  /** Distinct unknown column names remembered per window; more are counted under "_other". */
  static final int MAX_EXTRA_COLUMN_NAMES = 50;

  private final String id;
  private final long seq;
  private final ModelRef model;
  private final Instant openedAt;
  private final String[] names;
  private final FeatureSketch[] features;
  private final String predictionName;
  private final FeatureSketch prediction;
  private final long[] absent;
  private final long[] skipped = new long[SkipReason.values().length];
  private final Map<String, Long> extraColumns = new LinkedHashMap<>();
  private long captures;
  private long records;
  private long predictions;
  private long extraColumnRecords;
  private long missingColumnRecords;
  private char[] firstEvent;
  private char[] lastEvent;
  private Instant closedAt;
  private long revision;
  private boolean dirty;

  private DriftWindow(
      String id,
      long seq,
      ModelRef model,
      Instant openedAt,
      String[] names,
      FeatureSketch[] features,
      String predictionName,
      FeatureSketch prediction) {
    this.id = id;
    this.seq = seq;
    this.model = model;
    this.openedAt = openedAt;
    this.names = names;
    this.features = features;
    this.predictionName = predictionName;
    this.prediction = prediction;
    this.absent = new long[names.length];
  }

  /** A new, empty window for a model whose schema is laid out as given. */
  public static DriftWindow open(
      String id, long seq, ModelRef model, SchemaLayout layout, Instant openedAt) {
    String[] names = new String[layout.size()];
    FeatureSketch[] sketches = new FeatureSketch[layout.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = layout.name(i);
      sketches[i] = layout.isNumeric(i) ? FeatureSketch.numeric() : FeatureSketch.categorical();
    }
    FeatureSketch prediction =
        layout.isNumericPrediction() ? FeatureSketch.numeric() : FeatureSketch.categorical();
    DriftWindow w =
        new DriftWindow(
            id, seq, model, openedAt, names, sketches, layout.predictionName(), prediction);
    w.dirty = true;
    return w;
  }

  /** Rebuilds a window from its stored form (its schema is in the state itself). */
  public static DriftWindow restore(WindowState s, long revision) {
    String[] names = s.features().keySet().toArray(String[]::new);
    FeatureSketch[] sketches = new FeatureSketch[names.length];
    for (int i = 0; i < names.length; i++) {
      sketches[i] = FeatureSketch.fromEntry(s.features().get(names[i]));
    }
    DriftWindow w =
        new DriftWindow(
            s.id(),
            s.seq(),
            s.model(),
            Instant.parse(s.openedAt()),
            names,
            sketches,
            s.predictionName(),
            s.prediction() == null
                ? FeatureSketch.numeric()
                : FeatureSketch.fromEntry(s.prediction()));
    w.captures = s.captures();
    w.records = s.records();
    w.predictions = s.predictions();
    if (s.skipped() != null) {
      for (SkipReason r : SkipReason.values()) {
        w.skipped[r.ordinal()] = s.skipped().getOrDefault(r.tag(), 0L);
      }
    }
    w.extraColumnRecords = s.extraColumnRecords();
    w.missingColumnRecords = s.missingColumnRecords();
    if (s.extraColumns() != null) {
      w.extraColumns.putAll(s.extraColumns());
    }
    if (s.absentColumns() != null) {
      for (int i = 0; i < names.length; i++) {
        w.absent[i] = s.absentColumns().getOrDefault(names[i], 0L);
      }
    }
    w.firstEvent = s.firstEventTime() == null ? null : s.firstEventTime().toCharArray();
    w.lastEvent = s.lastEventTime() == null ? null : s.lastEventTime().toCharArray();
    w.closedAt = s.closedAt() == null ? null : Instant.parse(s.closedAt());
    w.revision = revision;
    return w;
  }

  /** The durable form. */
  public WindowState toState() {
    Map<String, BaselineSketches.Entry> entries = new LinkedHashMap<>();
    Map<String, Long> absentColumns = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      entries.put(names[i], portable(features[i]));
      if (absent[i] > 0) {
        absentColumns.put(names[i], absent[i]);
      }
    }
    return new WindowState(
        id,
        seq,
        model.endpoint(),
        model.modelVersion(),
        model.dataset(),
        model.schemaUri(),
        model.baselineUri(),
        openedAt.toString(),
        closedAt == null ? null : closedAt.toString(),
        captures,
        records,
        predictions,
        skippedCounts(),
        extraColumnRecords,
        missingColumnRecords,
        new LinkedHashMap<>(extraColumns),
        absentColumns,
        firstEvent == null ? null : new String(firstEvent),
        lastEvent == null ? null : new String(lastEvent),
        entries,
        predictionName,
        portable(prediction));
  }

  /**
   * The sketch's portable form, without the zero-weight items DataSketches' sorted view reports for
   * repeated values (it gives all of a value's weight to one of its copies): {@link
   * FeatureSketch#fromEntry} rejects weights below one, and they carry nothing.
   */
  static BaselineSketches.Entry portable(FeatureSketch sketch) {
    BaselineSketches.Entry e = sketch.toEntry();
    if (e.items() == null) {
      return e;
    }
    List<double[]> items = new ArrayList<>(e.items().size());
    for (double[] item : e.items()) {
      if (item[1] >= 1) {
        items.add(item);
      }
    }
    return new BaselineSketches.Entry(
        e.type(),
        e.count(),
        e.min(),
        e.max(),
        items,
        e.labels(),
        e.missing(),
        e.wrongType(),
        e.sum(),
        e.sumOfSquares());
  }

  /** Whether this window was opened for exactly this feature layout. */
  public boolean fits(SchemaLayout layout) {
    if (layout.size() != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals(layout.name(i)) || features[i].isNumeric() != layout.isNumeric(i)) {
        return false;
      }
    }
    return true;
  }

  public boolean isFull(long maxRecords) {
    return maxRecords > 0 && records >= maxRecords;
  }

  public boolean isDue(Instant now, Duration length) {
    return !now.isBefore(openedAt.plus(length));
  }

  public void close(Instant at) {
    closedAt = at;
    dirty = true;
  }

  public boolean isClosed() {
    return closedAt != null;
  }

  // ---- folding (called by the capture reader) ----

  public FeatureSketch feature(int i) {
    return features[i];
  }

  public FeatureSketch prediction() {
    return prediction;
  }

  public void countCapture() {
    captures++;
    dirty = true;
  }

  public void countRecords(int n) {
    records += n;
  }

  public void countPredictions(int n) {
    predictions += n;
  }

  public void skip(SkipReason reason) {
    skipped[reason.ordinal()]++;
    dirty = true;
  }

  /** A record lacked feature i: counted as missing in its sketch and as an absent column. */
  public void countAbsent(int i) {
    absent[i]++;
    features[i].addMissing();
  }

  public void missingColumnRecord() {
    missingColumnRecords++;
  }

  public void extraColumnRecord() {
    extraColumnRecords++;
  }

  public void extraColumn(String name) {
    Long c = extraColumns.get(name);
    if (c != null) {
      extraColumns.put(name, c + 1);
    } else if (extraColumns.size() < MAX_EXTRA_COLUMN_NAMES) {
      extraColumns.put(name, 1L);
    } else {
      extraColumns.merge("_other", 1L, Long::sum);
    }
  }

  /** Keeps the earliest and latest inference time (ISO-8601 in UTC orders as text). */
  public void eventTime(char[] buf, int off, int len) {
    if (firstEvent == null || compare(buf, off, len, firstEvent) < 0) {
      firstEvent = Arrays.copyOfRange(buf, off, off + len);
    }
    if (lastEvent == null || compare(buf, off, len, lastEvent) > 0) {
      lastEvent = Arrays.copyOfRange(buf, off, off + len);
    }
  }

  /**
   * Orders ISO-8601 UTC times as text, treating a missing fraction as zero ("...:00Z" equals
   * "...:00.000Z"), without parsing.
   */
  static int compare(char[] buf, int off, int len, char[] other) {
    int n = Math.min(19, Math.min(len, other.length));
    for (int k = 0; k < n; k++) {
      int d = buf[off + k] - other[k];
      if (d != 0) {
        return d;
      }
    }
    // the fractions: digits after '.', compared position by position, missing digits as '0'
    int i = 19;
    int j = 19;
    boolean fa = i < len && buf[off + i] == '.';
    boolean fb = j < other.length && other[j] == '.';
    i += fa ? 1 : 0;
    j += fb ? 1 : 0;
    while (true) {
      char a = fa && i < len && Character.isDigit(buf[off + i]) ? buf[off + i] : '0';
      char b = fb && j < other.length && Character.isDigit(other[j]) ? other[j] : '0';
      boolean moreA = fa && i < len && Character.isDigit(buf[off + i]);
      boolean moreB = fb && j < other.length && Character.isDigit(other[j]);
      if (!moreA && !moreB) {
        return 0;
      }
      if (a != b) {
        return a - b;
      }
      i++;
      j++;
    }
  }

  // ---- reading ----

  public String id() {
    return id;
  }

  public long seq() {
    return seq;
  }

  public ModelRef model() {
    return model;
  }

  public WindowKey key() {
    return model.key();
  }

  public Instant openedAt() {
    return openedAt;
  }

  public Instant closedAt() {
    return closedAt;
  }

  /** The earliest inference time seen (ISO-8601), or null. */
  public String firstEventTime() {
    return firstEvent == null ? null : new String(firstEvent);
  }

  /** The latest inference time seen (ISO-8601), or null. */
  public String lastEventTime() {
    return lastEvent == null ? null : new String(lastEvent);
  }

  public long captures() {
    return captures;
  }

  public long records() {
    return records;
  }

  public long predictions() {
    return predictions;
  }

  public long skipped(SkipReason reason) {
    return skipped[reason.ordinal()];
  }

  public Map<String, Long> skippedCounts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (SkipReason r : SkipReason.values()) {
      if (skipped[r.ordinal()] > 0) {
        m.put(r.tag(), skipped[r.ordinal()]);
      }
    }
    return m;
  }

  /** How often feature i was absent from a record. */
  public long absentCount(int i) {
    return absent[i];
  }

  /** Unknown column names seen, with counts. */
  public Map<String, Long> extraColumns() {
    return new LinkedHashMap<>(extraColumns);
  }

  public long extraColumnRecords() {
    return extraColumnRecords;
  }

  public long missingColumnRecords() {
    return missingColumnRecords;
  }

  public List<String> featureNames() {
    return new ArrayList<>(List.of(names));
  }

  public String predictionName() {
    return predictionName;
  }

  /**
   * Revision of the stored row this window was loaded from or last written as (0: never stored).
   */
  public long revision() {
    return revision;
  }

  public void stored(long newRevision) {
    revision = newRevision;
    dirty = false;
  }

  public boolean isDirty() {
    return dirty;
  }
}
