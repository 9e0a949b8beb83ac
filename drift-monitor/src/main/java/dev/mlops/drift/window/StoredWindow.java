package dev.mlops.drift.window;

/**
 * A window row as stored.
 *
 * @param status OPEN, CLOSED (waiting for analysis), EVALUATED (analysed, notifications pending) or
 *     REPORTED
 * @param alertPending an SNS alert was decided and not yet confirmed sent
 * @param eventPending a drift event was decided and not yet confirmed sent
 */
public record StoredWindow(
    WindowState state,
    long revision,
    WindowStatus status,
    boolean alertPending,
    boolean eventPending,
    String report) {}
