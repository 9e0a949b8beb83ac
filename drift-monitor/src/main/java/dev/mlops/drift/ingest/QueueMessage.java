package dev.mlops.drift.ingest;

/**
 * @param receiveCount how often the queue has handed this message out, this time included
 */
public record QueueMessage(String id, String receiptHandle, String body, int receiveCount) {}
