package dev.mlops.drift.capture;

import dev.mlops.contract.schema.Values;

/**
 * Reads decimal numbers straight from a character buffer, without a String per value: the fold's
 * hot path. Plain decimals with at most 18 significant digits and a small exponent are computed
 * exactly (one correctly rounded multiply or divide); anything else goes through {@link
 * Values#parseFinite}, so both paths accept exactly what the rest of the system accepts.
 */
public final class FastNumbers {

  /** Returned for text that is not a finite number. */
  public static final double NOT_A_NUMBER = Double.NaN;

  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private FastNumbers() {}

  /**
   * The finite number in {@code buf[off, off+len)} (already trimmed), or {@link #NOT_A_NUMBER}
   * (NaN) for text that is not one, including NaN and infinities.
   */
  public static double parse(char[] buf, int off, int len) {
    if (len <= 0) {
      return NOT_A_NUMBER;
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
    while (i < end && (c = buf[i]) >= '0' && c <= '9') {
      anyDigit = true;
      if (digits < 18) {
        if (mantissa != 0 || c != '0') {
          digits++;
        }
        mantissa = mantissa * 10 + (c - '0');
      } else {
        return slow(buf, off, len);
      }
      i++;
    }
    if (i < end && buf[i] == '.') {
      i++;
      while (i < end && (c = buf[i]) >= '0' && c <= '9') {
        anyDigit = true;
        if (digits < 18) {
          if (mantissa != 0 || c != '0') {
            digits++;
          }
          mantissa = mantissa * 10 + (c - '0');
          scale--;
        } else {
          return slow(buf, off, len);
        }
        i++;
      }
    }
    if (!anyDigit) {
      return slow(buf, off, len);
    }
    if (i < end) {
      c = buf[i];
      if (c != 'e' && c != 'E') {
        return slow(buf, off, len);
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
        return slow(buf, off, len);
      }
      scale += expNegative ? -exp : exp;
    }
    // Clinger's fast path: both operands exact in a double, so one IEEE operation rounds correctly
    if (mantissa < (1L << 53) && scale >= -22 && scale <= 22) {
      double v = mantissa;
      v = scale < 0 ? v / POW10[-scale] : v * POW10[scale];
      return negative ? -v : v;
    }
    return slow(buf, off, len);
  }

  private static double slow(char[] buf, int off, int len) {
    try {
      Double v = Values.parseFinite(new String(buf, off, len));
      return v == null ? NOT_A_NUMBER : v;
    } catch (Values.NonFiniteException e) {
      return NOT_A_NUMBER;
    }
  }

  /** Parses a String the same way (for values that arrive as Strings anyway). */
  public static double parse(String s) {
    try {
      Double v = Values.parseFinite(s);
      return v == null ? NOT_A_NUMBER : v;
    } catch (Values.NonFiniteException e) {
      return NOT_A_NUMBER;
    }
  }
}
