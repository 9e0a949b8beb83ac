package dev.mlops.localaws.sagemaker;

import dev.mlops.localaws.LocalAwsOptions;
import java.time.Instant;
import java.util.Locale;

/** SageMaker ARNs and timestamps as the JSON protocol carries them. */
final class Arns {

  private Arns() {}

  /**
   * e.g. {@code arn:aws:sagemaker:us-east-1:000000000000:training-job/name} (names lower-cased).
   */
  static String of(String kind, String name) {
    return "arn:aws:sagemaker:"
        + LocalAwsOptions.REGION
        + ":"
        + LocalAwsOptions.ACCOUNT
        + ":"
        + kind
        + "/"
        + name.toLowerCase(Locale.ROOT);
  }

  /** The AWS JSON protocol sends timestamps as epoch seconds with a fraction. */
  static double now() {
    return epoch(Instant.now());
  }

  static double epoch(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
