package dev.mlops.drift.ingest;

import dev.mlops.drift.ObjectStorage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A bucket map standing in for S3 in the domain's unit tests. */
public final class TestStorage implements ObjectStorage {

  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final Map<String, String> contentTypes = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> get(String bucket, String key) {
    return Optional.ofNullable(objects.get(bucket + "/" + key));
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType) {
    objects.put(bucket + "/" + key, bytes);
    contentTypes.put(bucket + "/" + key, contentType);
  }
}
