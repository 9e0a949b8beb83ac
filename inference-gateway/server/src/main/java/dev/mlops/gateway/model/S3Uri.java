package dev.mlops.gateway.model;

/** An {@code s3://bucket/key} address. */
public record S3Uri(String bucket, String key) {

  public static S3Uri parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// URI: " + uri);
    }
    int slash = uri.indexOf('/', 5);
    if (slash <= 5 || slash == uri.length() - 1) {
      throw new IllegalArgumentException("an s3:// URI needs a bucket and a key: " + uri);
    }
    return new S3Uri(uri.substring(5, slash), uri.substring(slash + 1));
  }

  /** The object next to this one with another file name. */
  public S3Uri sibling(String fileName) {
    int slash = key.lastIndexOf('/');
    return new S3Uri(bucket, (slash < 0 ? "" : key.substring(0, slash + 1)) + fileName);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
