package dev.mlops.drift.catalog;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.monitor.Constraints;

/**
 * What a window is compared with: the training baseline's constraints (thresholds, methods,
 * domains, completeness) and sketches (the whole distributions).
 */
public record ModelBaseline(Constraints constraints, BaselineSketches sketches) {}
