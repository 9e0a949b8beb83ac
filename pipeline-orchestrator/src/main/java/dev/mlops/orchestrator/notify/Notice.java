package dev.mlops.orchestrator.notify;

import java.util.Map;

/**
 * A notification to send (SNS): {@code event} is run_failed, approval_needed, deployed or
 * rolled_back; {@code body} becomes the JSON message next to {@code "event"}.
 */
public record Notice(String event, String subject, Map<String, Object> body) {}
