package dev.mlops.drift.catalog;

/** An {@code s3://bucket/key} address. */
public record S3Uri(String bucket, String key) {

  /** Parses an S3 URI; throws {@link IllegalArgumentException} for anything else. */
  public static S3Uri parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// URI: " + uri);
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return new S3Uri(rest, "");
    }
    return new S3Uri(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The key of a file under this prefix. */
  public String child(String name) {
    if (key.isEmpty()) {
      return name;
    }
    return key.endsWith("/") ? key + name : key + "/" + name;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
