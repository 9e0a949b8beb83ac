package dev.mlops.orchestrator.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the small files of a {@code model.tar.gz} (schema, baseline, provenance) in memory, so that
 * registering a model needs no scratch folder. Understands ustar with the GNU ({@code L}) and PAX
 * ({@code x}) long names; links and folders are skipped.
 */
public final class ModelArchive {

  private static final int BLOCK = 512;

  private ModelArchive() {}

  /**
   * The regular files of the archive whose normalised name passes {@code wanted}, by name (without
   * a leading {@code ./}).
   */
  public static Map<String, byte[]> files(
      byte[] tarGz, java.util.function.Predicate<String> wanted) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
      byte[] header = new byte[BLOCK];
      String longName = null;
      while (read(in, header)) {
        if (allZero(header)) {
          break;
        }
        char type = (char) header[156];
        long size = octal(header, 124, 12);
        byte[] data = null;
        String name;
        if (type == 'L' || type == 'x') {
          data = readData(in, size);
          if (type == 'L') {
            longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
          } else {
            String path = paxPath(data);
            if (path != null) {
              longName = path;
            }
          }
          continue;
        }
        name = longName != null ? longName : entryName(header);
        longName = null;
        String normal = name.startsWith("./") ? name.substring(2) : name;
        boolean regular = type == '0' || type == '\0' || type == '7';
        if (regular && wanted.test(normal)) {
          out.put(normal, readData(in, size));
        } else {
          skip(in, padded(size));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not a readable model.tar.gz: " + e.getMessage(), e);
    }
    return out;
  }

  private static String entryName(byte[] h) {
    String name = cString(h, 0, 100);
    String magic = cString(h, 257, 6);
    if (magic.startsWith("ustar")) {
      String prefix = cString(h, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private static String paxPath(byte[] data) {
    String s = new String(data, StandardCharsets.UTF_8);
    for (String line : s.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp > 0 && line.startsWith("path=", sp + 1)) {
        return line.substring(sp + 6);
      }
    }
    return null;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    if ((b[off] & 0x80) != 0) {
      long v = 0;
      for (int i = off + 1; i < off + len; i++) {
        v = (v << 8) | (b[i] & 0xff);
      }
      return v;
    }
    String s = cString(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static byte[] readData(InputStream in, long size) throws IOException {
    if (size > 512L * 1024 * 1024) {
      throw new IOException("entry too large");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
    byte[] buf = new byte[8192];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("truncated archive");
      }
      out.write(buf, 0, n);
      left -= n;
    }
    skip(in, padded(size) - size);
    return out.toByteArray();
  }

  private static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static void skip(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new IOException("truncated archive");
        }
        s = 1;
      }
      left -= s;
    }
  }

  private static boolean read(InputStream in, byte[] block) throws IOException {
    int off = 0;
    while (off < block.length) {
      int n = in.read(block, off, block.length - off);
      if (n < 0) {
        return false;
      }
      off += n;
    }
    return true;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
