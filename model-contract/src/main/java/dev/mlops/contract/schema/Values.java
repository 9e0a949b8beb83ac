package dev.mlops.contract.schema;

/** Reading numbers the way every component must agree on. */
public final class Values {

  private Values() {}

  /**
   * Parses a finite number. Returns null when the text is not a number at all; throws {@link
   * NonFiniteException} for NaN and infinities, which Java would otherwise accept.
   */
  public static Double parseFinite(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return null;
    }
    char first = t.charAt(0);
    boolean plausible =
        (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.';
    if (!plausible) {
      if (isNonFiniteWord(t)) {
        throw new NonFiniteException(t);
      }
      return null;
    }
    // Java accepts trailing 'd'/'f' type suffixes and hex floats; data files never mean those.
    if (t.indexOf('x') >= 0 || t.indexOf('X') >= 0) {
      return null;
    }
    char last = t.charAt(t.length() - 1);
    if (!(last >= '0' && last <= '9') && last != '.') {
      if (isNonFiniteWord(t.substring(1))) {
        throw new NonFiniteException(t);
      }
      return null;
    }
    try {
      double v = Double.parseDouble(t);
      if (Double.isInfinite(v)) {
        throw new NonFiniteException(t);
      }
      return v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isNonFiniteWord(String t) {
    String w = t.toLowerCase(java.util.Locale.ROOT);
    return w.equals("nan") || w.equals("inf") || w.equals("infinity");
  }

  /** A number that is NaN or infinite where a finite one is required. */
  public static final class NonFiniteException extends IllegalArgumentException {
    public NonFiniteException(String text) {
      super("'" + text + "' is not a finite number");
    }
  }
}
