package dev.mlops.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** model.tar.gz reading, on archives built here in the ustar format (with a GNU long name). */
class ModelArchiveTest {

  @Test
  void readsTheWantedFilesAndSkipsTheRest() throws IOException {
    String longName = "baseline/" + "x".repeat(120) + ".json";
    byte[] tar =
        tarGz(
            Map.of(
                "./model.json",
                "{\"trees\":[]}".repeat(100),
                "./schema.json",
                "{\"target\":\"median\"}",
                "baseline/statistics.json",
                "{\"dataset\":{}}",
                longName,
                "{}"));
    Map<String, byte[]> files =
        ModelArchive.files(tar, n -> n.equals("schema.json") || n.startsWith("baseline/"));
    assertThat(files.keySet())
        .containsExactlyInAnyOrder("schema.json", "baseline/statistics.json", longName);
    assertThat(new String(files.get("schema.json"), StandardCharsets.UTF_8))
        .isEqualTo("{\"target\":\"median\"}");
  }

  @Test
  void notAnArchiveIsAClearError() {
    assertThatThrownBy(
            () -> ModelArchive.files("hello".getBytes(StandardCharsets.UTF_8), n -> true))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("model.tar.gz");
  }

  static byte[] tarGz(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
        byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
        byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
        if (name.length > 100) {
          byte[] longData = Arrays.copyOf(name, name.length + 1);
          out.write(header("././@LongLink", longData.length, 'L'));
          out.write(longData);
          out.write(new byte[pad(longData.length)]);
        }
        out.write(
            header(
                f.getKey().length() > 100 ? f.getKey().substring(0, 100) : f.getKey(),
                data.length,
                '0'));
        out.write(data);
        out.write(new byte[pad(data.length)]);
      }
      out.write(new byte[1024]);
    }
    return bytes.toByteArray();
  }

  static int pad(int n) {
    return (512 - n % 512) % 512;
  }

  static byte[] header(String name, long size, char type) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
    put(h, 100, String.format("%07o", 0644));
    put(h, 108, String.format("%07o", 0));
    put(h, 116, String.format("%07o", 0));
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 0));
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }
}
