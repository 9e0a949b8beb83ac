package dev.mlops.orchestrator.storage;

/** An S3 location: {@code s3://bucket/key}. A key ending in {@code /} (or empty) is a prefix. */
public record S3Uri(String bucket, String key) {

  public S3Uri {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 URI needs a bucket");
    }
    key = key == null ? "" : key;
  }

  /** Parses {@code s3://bucket/key}; a clear IllegalArgumentException otherwise. */
  public static S3Uri parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an S3 URI (s3://bucket/key): " + uri);
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,62}")) {
      throw new IllegalArgumentException("not a valid bucket name in " + uri);
    }
    return new S3Uri(bucket, key);
  }

  public static S3Uri of(String bucket, String key) {
    return new S3Uri(bucket, key);
  }

  public boolean isPrefix() {
    return key.isEmpty() || key.endsWith("/");
  }

  /** This prefix (with a trailing slash added) plus {@code child}. */
  public S3Uri resolve(String child) {
    String base = key.isEmpty() || key.endsWith("/") ? key : key + "/";
    return new S3Uri(bucket, base + child);
  }

  /** The folder an object is in, or the prefix itself. */
  public S3Uri folder() {
    if (isPrefix()) {
      return this;
    }
    int slash = key.lastIndexOf('/');
    return new S3Uri(bucket, slash < 0 ? "" : key.substring(0, slash + 1));
  }

  /** The last path segment of an object key. */
  public String fileName() {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return k.substring(k.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
