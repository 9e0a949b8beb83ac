package dev.mlops.contract.schema;

/**
 * Plain decimal numbers read exactly without {@link Double#parseDouble}: at most 18 significant
 * digits and a power of ten up to 22 are computed with one correctly rounded multiply or divide
 * (Clinger's fast path: both operands are exact in a double), which gives the same double as {@code
 * Double.parseDouble} does. Everything else (more digits, larger exponents, words, signs alone,
 * whitespace) is left to the full parse: {@link #UNREAD}. It serves the drift fold's hot path,
 * numbers read straight from a character buffer without a String each, where the JDK's general
 * parser cost more than the rest of reading the record.
 */
public final class Decimals {

  /** What {@link #read} answers for text it leaves to the full parse (never a number it read). */
  public static final double UNREAD = Double.NaN;

  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private Decimals() {}

  /**
   * The number in {@code buf[off, off+len)}, or {@link #UNREAD} (NaN) when it is not a plain
   * decimal this reads exactly.
   */
  public static double read(char[] buf, int off, int len) {
    if (len <= 0) {
      return UNREAD;
    }
    int i = off;
    int end = off + len;
    boolean negative = false;
    char c = buf[i];
    if (c == '-' || c == '+') {
      negative = c == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    boolean anyDigit = false;
    boolean point = false;
    for (; i < end; i++) {
      c = buf[i];
      if (c == '.' && !point) {
        point = true;
        continue;
      }
      if (c < '0' || c > '9') {
        break;
      }
      anyDigit = true;
      if (digits >= 18) {
        return UNREAD;
      }
      if (mantissa != 0 || c != '0') {
        digits++;
      }
      mantissa = mantissa * 10 + (c - '0');
      if (point) {
        scale--;
      }
    }
    if (!anyDigit) {
      return UNREAD;
    }
    if (i < end) {
      c = buf[i];
      if (c != 'e' && c != 'E') {
        return UNREAD;
      }
      i++;
      boolean expNegative = false;
      if (i < end && (buf[i] == '-' || buf[i] == '+')) {
        expNegative = buf[i] == '-';
        i++;
      }
      int exp = 0;
      int expDigits = 0;
      while (i < end && (c = buf[i]) >= '0' && c <= '9') {
        if (exp < 10_000) {
          exp = exp * 10 + (c - '0');
        }
        expDigits++;
        i++;
      }
      if (expDigits == 0 || i < end) {
        return UNREAD;
      }
      scale += expNegative ? -exp : exp;
    }
    // Clinger's fast path: both operands exact in a double, so one IEEE operation rounds correctly
    if (mantissa < (1L << 53) && scale >= -22 && scale <= 22) {
      double v = mantissa;
      v = scale < 0 ? v / POW10[-scale] : v * POW10[scale];
      return negative ? -v : v;
    }
    return UNREAD;
  }
}
