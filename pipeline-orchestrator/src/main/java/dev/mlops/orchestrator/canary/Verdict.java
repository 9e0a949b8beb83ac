package dev.mlops.orchestrator.canary;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an analysis (or one of its checks) found. */
public enum Verdict {
  /** The canary is as good as the stable on this. */
  PASS,
  /** The canary is worse than the stable beyond the threshold. */
  FAIL,
  /** Too little traffic to say: wait, never promote on no data. */
  INCONCLUSIVE,
  /** Nothing to compare (e.g. no numeric predictions); does not count either way. */
  SKIPPED;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Verdict of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
