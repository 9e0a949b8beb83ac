package dev.mlops.localaws.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * local-aws's own access to its S3 (job channels and outputs, model artifacts, data capture):
 * straight to the blob store, announcing writes like any client's, blocking (call it off the event
 * loop).
 */
public final class ObjectStore {

  private final BlobStore store;
  private final S3Notifications notifications;

  public ObjectStore(BlobStore store, S3Notifications notifications) {
    this.store = store;
    this.notifications = notifications;
  }

  /** An {@code s3://bucket/key} location. */
  public record S3Location(String bucket, String key) {

    public static S3Location parse(String uri) {
      if (uri == null || !uri.startsWith("s3://")) {
        throw new IllegalArgumentException("not an s3:// URI: " + uri);
      }
      String rest = uri.substring(5);
      int slash = rest.indexOf('/');
      if (slash < 0) {
        return new S3Location(rest, "");
      }
      return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** This location with {@code /child} appended. */
    public S3Location child(String child) {
      String k = key.isEmpty() || key.endsWith("/") ? key + child : key + "/" + child;
      return new S3Location(bucket, k);
    }

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }
  }

  public boolean bucketExists(String bucket) {
    return store.containerExists(bucket);
  }

  public String put(S3Location at, byte[] body) {
    PutObjectResponse r =
        store.putBlob(
            PutObjectRequest.builder()
                .bucket(at.bucket())
                .key(at.key())
                .contentLength((long) body.length)
                .build(),
            new java.io.ByteArrayInputStream(body));
    String etag = unquote(r.eTag());
    notifications.announce(at.bucket(), at.key(), "ObjectCreated:Put", body.length, etag);
    return etag;
  }

  public String put(S3Location at, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      PutObjectResponse r =
          store.putBlob(
              PutObjectRequest.builder()
                  .bucket(at.bucket())
                  .key(at.key())
                  .contentLength(size)
                  .build(),
              in);
      String etag = unquote(r.eTag());
      notifications.announce(at.bucket(), at.key(), "ObjectCreated:Put", size, etag);
      return etag;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InputStream get(S3Location at) {
    return store.getBlob(at.bucket(), at.key());
  }

  public HeadObjectResponse head(String bucket, String key) {
    return store.blobMetadataIfPresent(bucket, key);
  }

  /** Every key under a prefix, in the store's order. */
  public List<String> list(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket);
      if (!prefix.isEmpty()) {
        req.prefix(prefix);
      }
      if (token != null) {
        req.continuationToken(token);
      }
      ListObjectsV2Response resp = store.list(req.build());
      for (S3Object o : resp.contents()) {
        keys.add(o.key());
      }
      token = Boolean.TRUE.equals(resp.isTruncated()) ? resp.nextContinuationToken() : null;
    } while (token != null);
    return keys;
  }

  /**
   * Copies what SageMaker would give a container for an S3 prefix: the object itself when the URI
   * names one, else every object under the prefix, keeping the path below it.
   *
   * @return the number of files written
   */
  public int download(S3Location from, Path dir) {
    try {
      Files.createDirectories(dir);
      if (!from.key().isEmpty()
          && !from.key().endsWith("/")
          && head(from.bucket(), from.key()) != null) {
        String name = from.key().substring(from.key().lastIndexOf('/') + 1);
        copyTo(from, dir.resolve(name));
        return 1;
      }
      String prefix =
          from.key().isEmpty() || from.key().endsWith("/") ? from.key() : from.key() + "/";
      int n = 0;
      for (String key : list(from.bucket(), prefix)) {
        if (key.endsWith("/")) {
          continue;
        }
        Path target = dir.resolve(key.substring(prefix.length())).normalize();
        if (!target.startsWith(dir)) {
          continue;
        }
        Files.createDirectories(target.getParent());
        copyTo(new S3Location(from.bucket(), key), target);
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void copyTo(S3Location from, Path target) throws IOException {
    try (InputStream in = get(from)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Uploads every file under a folder to a prefix. @return the number of objects written */
  public int upload(Path dir, S3Location to) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
      for (Path f : all) {
        String rel = dir.relativize(f).toString().replace('\\', '/');
        put(to.child(rel), f);
      }
      return all.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
