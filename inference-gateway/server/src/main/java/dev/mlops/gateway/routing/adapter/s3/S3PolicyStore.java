package dev.mlops.gateway.routing.adapter.s3;

import dev.mlops.gateway.routing.PolicyStore;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The routing policy as an S3 object, read with If-None-Match so that most reads are a 304. */
public final class S3PolicyStore implements PolicyStore {

  private final S3Client s3;
  private final String bucket;
  private final String key;

  public S3PolicyStore(S3Client s3, String bucket, String key) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
  }

  @Override
  public Fetch fetch(String etag) {
    try {
      ResponseBytes<GetObjectResponse> object =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).ifNoneMatch(etag));
      return new Changed(object.asByteArray(), object.response().eTag());
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return new Absent();
    } catch (S3Exception e) {
      if (e.statusCode() == 304) {
        return new NotModified();
      }
      if (e.statusCode() == 404) {
        return new Absent();
      }
      throw e;
    }
  }
}
