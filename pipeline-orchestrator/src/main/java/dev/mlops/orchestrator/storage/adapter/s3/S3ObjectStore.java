package dev.mlops.orchestrator.storage.adapter.s3;

import dev.mlops.orchestrator.aws.AwsCalls;
import dev.mlops.orchestrator.storage.ObjectStore;
import dev.mlops.orchestrator.storage.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} on the S3 client of the Quarkus amazon extension. */
@ApplicationScoped
public class S3ObjectStore implements ObjectStore {

  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public Optional<byte[]> get(S3Uri uri) {
    return AwsCalls.call(
        "GetObject " + uri,
        () -> {
          try {
            return Optional.of(
                s3.getObjectAsBytes(b -> b.bucket(uri.bucket()).key(uri.key())).asByteArray());
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public void put(S3Uri uri, byte[] body, String contentType) {
    AwsCalls.call(
        "PutObject " + uri,
        () ->
            s3.putObject(
                b -> b.bucket(uri.bucket()).key(uri.key()).contentType(contentType),
                RequestBody.fromBytes(body)));
  }

  @Override
  public void copy(S3Uri from, S3Uri to) {
    AwsCalls.call(
        "CopyObject " + from + " -> " + to,
        () ->
            s3.copyObject(
                b ->
                    b.sourceBucket(from.bucket())
                        .sourceKey(from.key())
                        .destinationBucket(to.bucket())
                        .destinationKey(to.key())));
  }

  @Override
  public List<StoredObject> list(S3Uri prefix) {
    return AwsCalls.call(
        "ListObjectsV2 " + prefix,
        () -> {
          List<StoredObject> out = new ArrayList<>();
          String token = null;
          do {
            ListObjectsV2Request.Builder req =
                ListObjectsV2Request.builder().bucket(prefix.bucket()).prefix(prefix.key());
            if (token != null) {
              req.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(req.build());
            for (S3Object o : page.contents()) {
              out.add(
                  new StoredObject(
                      S3Uri.of(prefix.bucket(), o.key()), stripQuotes(o.eTag()), o.size()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
          } while (token != null);
          return out;
        });
  }

  @Override
  public Optional<StoredObject> head(S3Uri uri) {
    return AwsCalls.call(
        "HeadObject " + uri,
        () -> {
          try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
            return Optional.of(new StoredObject(uri, stripQuotes(h.eTag()), h.contentLength()));
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  private static String stripQuotes(String eTag) {
    return eTag == null ? null : eTag.replace("\"", "");
  }
}
