package dev.mlops.drift.ingest;

import dev.mlops.drift.capture.ObjectFold;
import dev.mlops.drift.capture.SkipReason;

/** What ingestion reports as it goes (metrics); called only for committed work. */
public interface IngestionListener {

  /** An object was folded and its batch committed. */
  void folded(String endpoint, ObjectFold fold);

  /** An object (or a whole message) was skipped. */
  void skipped(SkipReason reason, String endpoint);

  /** A message was left for the dead-letter queue. */
  void poison(String reason, int receiveCount);

  /** A window closed (by time or by count). */
  void windowClosed(String endpoint);

  /** A batch could not be committed and will be redelivered. */
  void retried(String reason);

  IngestionListener NONE =
      new IngestionListener() {
        @Override
        public void folded(String endpoint, ObjectFold fold) {}

        @Override
        public void skipped(SkipReason reason, String endpoint) {}

        @Override
        public void poison(String reason, int receiveCount) {}

        @Override
        public void windowClosed(String endpoint) {}

        @Override
        public void retried(String reason) {}
      };
}
