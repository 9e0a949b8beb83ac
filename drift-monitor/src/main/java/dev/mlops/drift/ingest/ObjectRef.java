package dev.mlops.drift.ingest;

/**
 * One S3 object version named by a notification: the idempotency key of a fold.
 *
 * @param eTag the object's entity tag (quotes removed); empty when the notification has none
 */
public record ObjectRef(String bucket, String key, String eTag, long size) {}
