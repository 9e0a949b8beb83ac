package dev.mlops.drift.ingest;

import java.util.List;

/** The capture-events queue. */
public interface CaptureQueue {

  /**
   * Up to a batch of messages, waiting briefly for some; hidden from other consumers until deleted
   * or until the visibility timeout passes.
   *
   * @throws dev.mlops.drift.StorageUnavailableException when the queue cannot answer
   */
  List<QueueMessage> receive();

  /** Deletes messages whose objects are folded and committed. */
  void delete(List<QueueMessage> messages);
}
