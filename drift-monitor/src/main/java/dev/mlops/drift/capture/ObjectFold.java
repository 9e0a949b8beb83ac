package dev.mlops.drift.capture;

/**
 * What folding one capture object did.
 *
 * @param captures capture lines read (blank lines aside)
 * @param records data rows folded into windows
 * @param skipped skipped records by {@link SkipReason} ordinal
 */
public record ObjectFold(long captures, long records, long[] skipped) {

  public long skipped(SkipReason reason) {
    return skipped[reason.ordinal()];
  }
}
