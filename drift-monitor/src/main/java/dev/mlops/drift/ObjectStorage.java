package dev.mlops.drift;

import java.util.Optional;

/** The object store (S3): capture objects, manifests, schemas and baselines in; reports out. */
public interface ObjectStorage {

  /**
   * The object's bytes, or empty when it does not exist.
   *
   * @throws StorageUnavailableException when the store cannot answer (retry later)
   */
  Optional<byte[]> get(String bucket, String key);

  /**
   * Writes an object, replacing any previous version.
   *
   * @throws StorageUnavailableException when the store cannot take it (retry later)
   */
  void put(String bucket, String key, byte[] bytes, String contentType);
}
