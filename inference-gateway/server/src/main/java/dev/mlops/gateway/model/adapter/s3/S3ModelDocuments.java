package dev.mlops.gateway.model.adapter.s3;

import dev.mlops.gateway.model.ModelDocuments;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Model documents (schemas, encodings, endpoint manifests) as S3 objects. */
public final class S3ModelDocuments implements ModelDocuments {

  private final S3Client s3;

  public S3ModelDocuments(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public byte[] read(String bucket, String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }
}
