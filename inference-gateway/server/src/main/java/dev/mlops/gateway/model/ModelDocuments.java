package dev.mlops.gateway.model;

/** Read access to the documents that describe a deployed model (S3 in every environment). */
public interface ModelDocuments {

  /**
   * @return the object's bytes, or null when it does not exist
   * @throws RuntimeException when the store cannot be reached
   */
  byte[] read(String bucket, String key);
}
