package dev.mlops.drift.ingest;

/** A queue message that is not an S3 event notification: left for the dead-letter queue. */
public class MalformedMessageException extends Exception {
  public MalformedMessageException(String message) {
    super(message);
  }
}
