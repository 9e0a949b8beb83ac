package dev.mlops.drift.capture;

import dev.mlops.contract.schema.Decimals;
import dev.mlops.contract.schema.Values;

/**
 * Reads decimal numbers straight from a character buffer, without a String per value: the fold's
 * hot path. Plain decimals are read exactly by {@link Decimals}; anything else goes through {@link
 * Values#parseFinite}, so both paths accept exactly what the rest of the system accepts.
 */
public final class FastNumbers {

  /** Returned for text that is not a finite number. */
  public static final double NOT_A_NUMBER = Double.NaN;

  private FastNumbers() {}

  /**
   * The finite number in {@code buf[off, off+len)} (already trimmed), or {@link #NOT_A_NUMBER}
   * (NaN) for text that is not one, including NaN and infinities.
   */
  public static double parse(char[] buf, int off, int len) {
    double v = Decimals.read(buf, off, len);
    return v == v ? v : slow(buf, off, len);
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
