package dev.mlops.contract.drift;

import java.util.Locale;

/**
 * How a feature's window is compared with its baseline. The constraint names are what {@code
 * constraints.json} says ({@code comparison_method}, {@code categorical_drift_method}, or a
 * feature's {@code monitoringConfigOverrides.comparison_method}); the event names are what drift
 * events, alerts and metrics say.
 */
public enum DriftMethod {
  /**
   * L-infinity distance of the CDFs, counted as drift only when the Kolmogorov-Smirnov test also
   * finds it significant for the sample sizes: a small window cannot raise a false alarm by chance.
   * Model Monitor's default.
   */
  ROBUST("Robust", "linf_robust", true),
  /** L-infinity distance of the CDFs against the threshold alone. */
  SIMPLE("Simple", "linf_simple", true),
  /** Wasserstein-1 distance in baseline standard deviations. */
  WASSERSTEIN("Wasserstein", "wasserstein", true),
  /** Population stability index over baseline deciles. */
  PSI("PSI", "psi", true),
  /** Largest difference of a label's share. Model Monitor's categorical default. */
  LINFINITY("LInfinity", "linf", false),
  /** Jensen-Shannon divergence of the label shares, in bits. */
  JENSEN_SHANNON("JensenShannon", "jensen_shannon", false),
  /**
   * Chi-square goodness of fit: the effect size (Cohen's w) against the threshold, counted only
   * when the test is significant.
   */
  CHI_SQUARED("ChiSquared", "chi_squared", false);

  private final String constraintName;
  private final String eventName;
  private final boolean numeric;

  DriftMethod(String constraintName, String eventName, boolean numeric) {
    this.constraintName = constraintName;
    this.eventName = eventName;
    this.numeric = numeric;
  }

  /** The name in {@code constraints.json}. */
  public String constraintName() {
    return constraintName;
  }

  /** The name in drift events, alerts and the API. */
  public String eventName() {
    return eventName;
  }

  public boolean isNumeric() {
    return numeric;
  }

  /**
   * Reads a method from either of its names, ignoring case, dashes and underscores; throws {@link
   * IllegalArgumentException} naming the accepted values.
   */
  public static DriftMethod parse(String name) {
    if (name != null) {
      String n = normalize(name);
      for (DriftMethod m : values()) {
        if (normalize(m.constraintName).equals(n)
            || normalize(m.eventName).equals(n)
            || normalize(m.name()).equals(n)) {
          return m;
        }
      }
      if (n.equals("linfinityrobust") || n.equals("ks")) {
        return ROBUST;
      }
    }
    throw new IllegalArgumentException(
        "unknown drift method '"
            + name
            + "': numeric Robust, Simple, Wasserstein or PSI; categorical LInfinity, JensenShannon"
            + " or ChiSquared");
  }

  private static String normalize(String s) {
    return s.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }
}
