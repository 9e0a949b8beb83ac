package dev.mlops.orchestrator.canary;

import java.time.Instant;

/**
 * One stored analysis of a canary.
 *
 * @param seq 1, 2, ... per canary
 * @param step the plan step analysed
 * @param weight the canary's weight during the interval
 * @param intervalStart start of the traffic analysed (an inconclusive interval keeps collecting)
 * @param intervalEnd end of it (when the analysis ran)
 * @param decision what the canary did next (advance, promote, hold, wait, roll_back, pause)
 * @param early whether it ran before the interval ended (a fail-fast on errors)
 * @param result verdict, checks and measured numbers
 */
public record AnalysisRecord(
    int seq,
    int step,
    double weight,
    Instant intervalStart,
    Instant intervalEnd,
    CanaryDecision.Action decision,
    boolean early,
    AnalysisResult result) {}
