package dev.mlops.drift.capture;

import java.util.Locale;

/** Why a capture record, an object or a message was not folded; counted, never fatal. */
public enum SkipReason {
  /** A line that is not JSON, or not a capture record (no captureData.endpointInput). */
  MALFORMED_LINE,
  /** An input whose content type is neither CSV nor JSON. */
  UNSUPPORTED_CONTENT_TYPE,
  /** An input that claims CSV or JSON but cannot be read as such (or bad base64). */
  MALFORMED_INPUT,
  /** An input without any row. */
  EMPTY_INPUT,
  /** An output that cannot be read as predictions; the input is still folded. */
  MALFORMED_OUTPUT,
  /** An object whose endpoint has no manifest: nothing to compare it with. */
  UNKNOWN_ENDPOINT,
  /** An object key that is not {@code <endpoint>/<variant>/...}. */
  UNEXPECTED_KEY,
  /** An object already folded (the same bucket, key and eTag delivered again). */
  DUPLICATE_OBJECT;

  /** The name in metrics tags and JSON. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
