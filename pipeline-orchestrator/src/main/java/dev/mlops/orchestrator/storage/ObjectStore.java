package dev.mlops.orchestrator.storage;

import java.util.List;
import java.util.Optional;

/** The object storage the pipeline reads datasets from and writes artifacts to (S3). */
public interface ObjectStore {

  /** One stored object. */
  record StoredObject(S3Uri uri, String eTag, long size) {}

  /** The object, or empty when it does not exist. */
  Optional<byte[]> get(S3Uri uri);

  void put(S3Uri uri, byte[] body, String contentType);

  void copy(S3Uri from, S3Uri to);

  /** The objects whose key starts with {@code prefix}'s key, in key order. */
  List<StoredObject> list(S3Uri prefix);

  /** The object's metadata, or empty. */
  Optional<StoredObject> head(S3Uri uri);
}
