package dev.mlops.orchestrator.canary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One canary as stored: a new prod version taking a growing share of production traffic from the
 * stable one. Changed only under its run's row lock and saved in the same transaction.
 */
public final class Canary {

  /**
   * One change of the canary's weight, for the weight-over-time chart.
   *
   * @param at ISO-8601 instant
   * @param weight the canary's share from then on, 0 to 1
   * @param reason started, passed interval 2, promoted, rolled back ...
   */
  public record WeightChange(String at, double weight, String reason) {}

  long id;
  final UUID runId;
  final String modelVersion;
  final String endpoint;
  final long deploymentId;
  final String stableVersion;
  final String stableEndpoint;
  final long stableDeploymentId;
  final CanarySettings settings;
  final Instant startedAt;
  CanaryState state;
  int step;
  double weight;
  Instant intervalStartedAt;
  Instant nextAnalysisAt;
  Instant endedAt;
  int consecutiveFailures;
  int consecutiveInconclusive;
  String pausedReason;
  String outcomeReason;
  String outcomeBy;
  List<String> failedChecks = new ArrayList<>();
  Long policyVersion;
  List<WeightChange> weights = new ArrayList<>();
  Instant updatedAt;

  Canary(
      long id,
      UUID runId,
      String modelVersion,
      String endpoint,
      long deploymentId,
      String stableVersion,
      String stableEndpoint,
      long stableDeploymentId,
      CanarySettings settings,
      Instant startedAt) {
    this.id = id;
    this.runId = runId;
    this.modelVersion = modelVersion;
    this.endpoint = endpoint;
    this.deploymentId = deploymentId;
    this.stableVersion = stableVersion;
    this.stableEndpoint = stableEndpoint;
    this.stableDeploymentId = stableDeploymentId;
    this.settings = settings;
    this.startedAt = startedAt;
  }

  public long id() {
    return id;
  }

  public UUID runId() {
    return runId;
  }

  public String modelVersion() {
    return modelVersion;
  }

  public String endpoint() {
    return endpoint;
  }

  public String stableVersion() {
    return stableVersion;
  }

  public String stableEndpoint() {
    return stableEndpoint;
  }

  public CanarySettings settings() {
    return settings;
  }

  public CanaryState state() {
    return state;
  }

  public int step() {
    return step;
  }

  public double weight() {
    return weight;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant intervalStartedAt() {
    return intervalStartedAt;
  }

  public Instant nextAnalysisAt() {
    return nextAnalysisAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  public int consecutiveInconclusive() {
    return consecutiveInconclusive;
  }

  public String pausedReason() {
    return pausedReason;
  }

  public String outcomeReason() {
    return outcomeReason;
  }

  public String outcomeBy() {
    return outcomeBy;
  }

  public List<String> failedChecks() {
    return List.copyOf(failedChecks);
  }

  public Long policyVersion() {
    return policyVersion;
  }

  public List<WeightChange> weights() {
    return List.copyOf(weights);
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
