package dev.mlops.drift.analysis;

import dev.mlops.contract.drift.DriftMethod;
import java.util.Optional;

/**
 * The service-wide comparison settings; each unset one falls back to the baseline's
 * constraints.json, and a feature's own override beats both.
 *
 * @param alpha significance level of the Robust and ChiSquared tests
 * @param datasetShare share of measured features that must drift for the window to drift
 * @param checkPrediction whether the prediction's drift counts in the dataset rule
 * @param minRecords fewer values than this in a feature: no drift measured
 */
public record DriftSettings(
    Optional<DriftMethod> numericMethod,
    Optional<Double> numericThreshold,
    Optional<DriftMethod> categoricalMethod,
    Optional<Double> categoricalThreshold,
    double alpha,
    double datasetShare,
    boolean checkPrediction,
    long minRecords) {

  public DriftSettings {
    numericMethod.ifPresent(
        m -> {
          if (!m.isNumeric()) {
            throw new IllegalArgumentException(
                "numeric method must be Robust, Simple, Wasserstein or PSI, not "
                    + m.constraintName());
          }
        });
    categoricalMethod.ifPresent(
        m -> {
          if (m.isNumeric()) {
            throw new IllegalArgumentException(
                "categorical method must be LInfinity, JensenShannon or ChiSquared, not "
                    + m.constraintName());
          }
        });
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be between 0 and 1, not " + alpha);
    }
    if (!(datasetShare >= 0 && datasetShare <= 1)) {
      throw new IllegalArgumentException(
          "the dataset drift share must be between 0 and 1, not " + datasetShare);
    }
  }

  /** Model Monitor's defaults, nothing overridden. */
  public static DriftSettings defaults() {
    return new DriftSettings(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0.01,
        0.25,
        false,
        100);
  }
}
