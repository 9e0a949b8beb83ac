package dev.mlops.localaws.sagemaker;

import dev.mlops.contract.capture.CaptureCodec;
import dev.mlops.contract.capture.CaptureRecord;
import dev.mlops.localaws.s3.ObjectStore;
import dev.mlops.localaws.s3.ObjectStore.S3Location;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data capture as SageMaker writes it: sampled invocations buffered per endpoint and variant and
 * flushed every few seconds as a NEW object (S3 has no append) named like SageMaker's, {@code
 * <destination>/<endpoint>/<variant>/yyyy/mm/dd/hh/<mm-ss-SSS>-<uuid>.jsonl}; the bucket's S3
 * notifications then announce each file.
 */
final class DataCapture {

  private static final Logger LOG = LoggerFactory.getLogger(DataCapture.class);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FILE =
      DateTimeFormatter.ofPattern("mm-ss-SSS").withZone(ZoneOffset.UTC);

  private final ObjectStore objects;
  private final Map<Target, Batch> batches = new HashMap<>();

  private record Target(S3Location destination, String endpoint, String variant) {}

  private static final class Batch {
    final Instant first;
    final List<String> lines = new ArrayList<>();

    Batch(Instant first) {
      this.first = first;
    }
  }

  DataCapture(ObjectStore objects) {
    this.objects = objects;
  }

  /** Records one invocation when the sampling says so; cheap, never blocks on I/O. */
  void record(
      CaptureSettings settings,
      String endpoint,
      String variant,
      String eventId,
      String inferenceId,
      String inputType,
      byte[] input,
      String outputType,
      byte[] output) {
    if (settings.samplingPercentage() < 100
        && ThreadLocalRandom.current().nextInt(100) >= settings.samplingPercentage()) {
      return;
    }
    Instant now = Instant.now();
    CaptureRecord r =
        new CaptureRecord(
            new CaptureRecord.CaptureData(
                settings.captureInput() ? payload(settings, inputType, "INPUT", input) : null,
                settings.captureOutput() ? payload(settings, outputType, "OUTPUT", output) : null),
            new CaptureRecord.EventMetadata(eventId, inferenceId, now.toString()),
            CaptureRecord.EVENT_VERSION);
    String line = CaptureCodec.line(r);
    Target t = new Target(settings.destination(), endpoint, variant);
    synchronized (this) {
      batches.computeIfAbsent(t, x -> new Batch(now)).lines.add(line);
    }
  }

  private static CaptureRecord.Payload payload(
      CaptureSettings s, String contentType, String mode, byte[] body) {
    String encoding = s.encoding(contentType);
    String data =
        encoding.equals("BASE64")
            ? Base64.getEncoder().encodeToString(body)
            : new String(body, StandardCharsets.UTF_8);
    return new CaptureRecord.Payload(contentType, mode, data, encoding);
  }

  /** Writes every buffered batch as its own object; blocking. */
  void flush() {
    Map<Target, Batch> due;
    synchronized (this) {
      if (batches.isEmpty()) {
        return;
      }
      due = new HashMap<>(batches);
      batches.clear();
    }
    for (Map.Entry<Target, Batch> e : due.entrySet()) {
      Target t = e.getKey();
      Batch b = e.getValue();
      S3Location at =
          t.destination()
              .child(t.endpoint())
              .child(t.variant())
              .child(HOUR.format(b.first))
              .child(FILE.format(b.first) + "-" + UUID.randomUUID() + ".jsonl");
      try {
        objects.put(at, (String.join("\n", b.lines) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException ex) {
        LOG.warn(
            "data capture for {} lost {} record(s): {}",
            t.endpoint(),
            b.lines.size(),
            ex.toString());
      }
    }
  }
}
