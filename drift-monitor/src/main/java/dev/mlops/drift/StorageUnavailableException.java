package dev.mlops.drift;

/** An outside store (S3, SQS, SNS, PostgreSQL) failed in a way worth retrying later. */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
