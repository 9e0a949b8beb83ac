package dev.mlops.orchestrator.pipeline;

import java.util.Locale;

/**
 * Deterministic SageMaker names. A job's name is a function of run, step and attempt only, so a
 * reconciler that re-drives a step after a crash finds the job it started before instead of
 * starting a second one.
 */
public final class JobNames {

  /** SageMaker's limit for job, model and endpoint names. */
  public static final int MAX_LENGTH = 63;

  private JobNames() {}

  /** {@code <project>-<run-short-id>-<step>-a<attempt>}, e.g. {@code mlops-1a2b3c4d-train-a1}. */
  public static String job(String project, String runShortId, StepName step, int attempt) {
    return fit(project, "-" + runShortId + "-" + step.id() + "-a" + attempt);
  }

  /** {@code <project>-<stage>-<version>}, e.g. {@code mlops-prod-v3}. */
  public static String endpoint(String project, String stage, String version) {
    return fit(project, "-" + stage + "-" + version);
  }

  /** The SageMaker model of a registry version: {@code <project>-model-<version>}. */
  public static String model(String project, String version) {
    return fit(project, "-model-" + version);
  }

  /** Endpoint configurations are immutable: one per endpoint. */
  public static String endpointConfig(String endpoint) {
    return fit(endpoint, "-config");
  }

  private static String fit(String prefix, String suffix) {
    String clean = sanitize(prefix);
    int room = MAX_LENGTH - suffix.length();
    if (clean.length() > room) {
      clean = clean.substring(0, Math.max(1, room));
    }
    return clean + sanitize(suffix);
  }

  private static String sanitize(String s) {
    String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return out.replaceAll("-{2,}", "-");
  }
}
