package dev.mlops.gateway.routing;

import java.util.Locale;

/** The role an endpoint plays for a request. */
public enum Variant {
  STABLE,
  CANARY,
  SHADOW;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in responses, metrics and the gateway windows. */
  public String label() {
    return label;
  }
}
