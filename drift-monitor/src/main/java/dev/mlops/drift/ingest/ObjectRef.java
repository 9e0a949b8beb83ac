package dev.mlops.drift.ingest;

import java.util.Objects;

/**
 * One S3 object version named by a notification. Bucket, key and eTag are the idempotency key of a
 * fold; the size is informational (a hand-made or re-sent notification may lack it) and takes no
 * part in equality.
 *
 * @param eTag the object's entity tag (quotes removed); empty when the notification has none
 */
public record ObjectRef(String bucket, String key, String eTag, long size) {

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectRef r
        && bucket.equals(r.bucket)
        && key.equals(r.key)
        && eTag.equals(r.eTag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bucket, key, eTag);
  }
}
