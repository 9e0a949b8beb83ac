package dev.mlops.drift.adapter.s3;

import dev.mlops.drift.ObjectStorage;
import dev.mlops.drift.StorageUnavailableException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ObjectStorage} on the AWS SDK's S3 client. */
public final class S3ObjectStorage implements ObjectStorage {

  private final S3Client s3;

  public S3ObjectStorage(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public Optional<byte[]> get(String bucket, String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new StorageUnavailableException(
          "S3 GET s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new StorageUnavailableException(
          "S3 GET s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType) {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new StorageUnavailableException(
          "S3 PUT s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }
}
