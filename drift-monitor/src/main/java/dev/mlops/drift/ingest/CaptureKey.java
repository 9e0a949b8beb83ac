package dev.mlops.drift.ingest;

import java.util.Optional;

/**
 * Reads SageMaker's capture key layout: {@code [prefix/]<endpoint>/<variant>/yyyy/mm/dd/hh/<file>}.
 */
public final class CaptureKey {

  private CaptureKey() {}

  /**
   * The endpoint a capture object belongs to: the segment before the variant and the four date
   * segments. Empty for keys of any other shape.
   */
  public static Optional<String> endpoint(String key) {
    if (key == null) {
      return Optional.empty();
    }
    String[] parts = key.split("/");
    // endpoint, variant, yyyy, mm, dd, hh, file: a DestinationS3Uri prefix may come before
    if (parts.length < 7) {
      return Optional.empty();
    }
    int e = parts.length - 7;
    for (int i = parts.length - 5; i < parts.length - 1; i++) {
      if (!isDigits(parts[i])) {
        return Optional.empty();
      }
    }
    String endpoint = parts[e];
    return endpoint.isEmpty() || parts[e + 1].isEmpty() ? Optional.empty() : Optional.of(endpoint);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
