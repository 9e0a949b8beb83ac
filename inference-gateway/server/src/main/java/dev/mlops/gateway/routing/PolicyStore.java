package dev.mlops.gateway.routing;

/** Where the routing policy document lives (S3 in every environment). */
public interface PolicyStore {

  /** The outcome of one conditional read. */
  sealed interface Fetch {}

  /** The document changed (or is read for the first time). */
  record Changed(byte[] body, String etag) implements Fetch {}

  /** The document still has the ETag given. */
  record NotModified() implements Fetch {}

  /** There is no policy document (nothing deployed yet). */
  record Absent() implements Fetch {}

  /**
   * Reads the policy unless it still has {@code etag}.
   *
   * @param etag the ETag of the copy held, or null
   * @throws RuntimeException when the store cannot be reached
   */
  Fetch fetch(String etag);
}
