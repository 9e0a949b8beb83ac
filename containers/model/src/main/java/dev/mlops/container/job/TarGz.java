package dev.mlops.container.job;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code model.tar.gz}, the way SageMaker packs {@code /opt/ml/model}: gzip-compressed tar (ustar,
 * with the GNU and PAX long-name extensions that Python's tarfile writes). Only regular files and
 * folders are extracted; links and device entries are skipped, and an entry that would land outside
 * the target folder (an absolute path or {@code ..}) fails the extraction, so a crafted archive
 * cannot write anywhere else.
 */
public final class TarGz {

  private static final int BLOCK = 512;

  private TarGz() {}

  /**
   * Extracts an archive into a folder (created if needed).
   *
   * @return the files written, relative to {@code target}
   * @throws JobFailure when the archive is not a readable tar.gz or has an unsafe entry
   */
  public static List<Path> extract(Path archive, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    Files.createDirectories(root);
    List<Path> written = new ArrayList<>();
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 64 * 1024)) {
      byte[] header = new byte[BLOCK];
      String longName = null;
      String paxPath = null;
      Long paxSize = null;
      while (readBlock(in, header)) {
        if (isZero(header)) {
          break; // end-of-archive marker
        }
        checkChecksum(header, archive);
        char type = (char) header[156];
        long headerSize = size(header, archive);
        switch (type) {
          case 'L' -> {
            longName = trimNul(new String(readData(in, headerSize), StandardCharsets.UTF_8));
            continue;
          }
          case 'x' -> {
            String[] pax = pax(readData(in, headerSize));
            paxPath = pax[0];
            paxSize = parseSize(pax[1], archive);
            continue;
          }
          case 'g', 'K' -> {
            skip(in, headerSize);
            continue;
          }
          default -> {}
        }
        long size = paxSize != null ? paxSize : headerSize;
        String name = paxPath != null ? paxPath : longName != null ? longName : entryName(header);
        longName = null;
        paxPath = null;
        paxSize = null;
        Path dest = safeResolve(root, name, archive);
        if (type == '0' || type == '\0' || type == '7') {
          Files.createDirectories(dest.getParent());
          try (OutputStream out = Files.newOutputStream(dest)) {
            copy(in, out, size);
          }
          skipPadding(in, size);
          if (!dest.equals(root)) {
            written.add(root.relativize(dest));
          }
        } else if (type == '5') {
          Files.createDirectories(dest);
          skip(in, size);
        } else {
          // links, devices, fifos: a model never needs them and links could point anywhere
          skip(in, size);
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new JobFailure(archive + " is not a gzip file: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new JobFailure(archive + " is truncated", e);
    }
    return written;
  }

  /** Packs the files below {@code folder} into {@code archive}, names relative to the folder. */
  public static void create(Path folder, Path archive) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    Path parent = archive.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out =
        new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(archive)), 64 * 1024)) {
      for (Path file : files) {
        String name = folder.relativize(file).toString().replace('\\', '/');
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
          byte[] data = new byte[nameBytes.length + 1];
          System.arraycopy(nameBytes, 0, data, 0, nameBytes.length);
          writeHeader(out, "././@LongLink", data.length, 'L');
          out.write(data);
          pad(out, data.length);
        }
        long size = Files.size(file);
        writeHeader(out, name, size, '0');
        Files.copy(file, out);
        pad(out, size);
      }
      out.write(new byte[2 * BLOCK]);
    }
  }

  private static void writeHeader(OutputStream out, String name, long size, char type)
      throws IOException {
    byte[] h = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(nameBytes, 0, h, 0, Math.min(100, nameBytes.length));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, System.currentTimeMillis() / 1000);
    h[156] = (byte) type;
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    octal(h, 148, 7, sum);
    out.write(h);
  }

  private static void octal(byte[] h, int offset, int length, long value) {
    String s = Long.toOctalString(value);
    int digits = length - 1;
    if (s.length() > digits) {
      throw new IllegalArgumentException("value too large for a tar header: " + value);
    }
    s = "0".repeat(digits - s.length()) + s;
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, offset, digits);
    h[offset + digits] = 0;
  }

  private static void pad(OutputStream out, long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  static Path safeResolve(Path root, String name, Path archive) {
    String clean = name;
    while (clean.startsWith("./")) {
      clean = clean.substring(2);
    }
    if (clean.isEmpty() || clean.equals(".")) {
      return root;
    }
    if (clean.startsWith("/") || clean.contains("\\") || clean.contains("\0")) {
      throw new JobFailure(archive + " has an unsafe entry '" + name + "': refusing to extract");
    }
    Path dest = root.resolve(clean).normalize();
    if (!dest.startsWith(root)) {
      throw new JobFailure(
          archive + " has an entry outside its folder '" + name + "': refusing to extract");
    }
    return dest;
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    int n = in.readNBytes(block, 0, BLOCK);
    if (n == 0) {
      return false; // archives without the end marker still end cleanly
    }
    if (n < BLOCK) {
      throw new EOFException();
    }
    return true;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkChecksum(byte[] h, Path archive) {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
    }
    String stored = field(h, 148, 8).trim();
    try {
      if (stored.isEmpty() || Long.parseLong(stored, 8) != sum) {
        throw new JobFailure(archive + " is not a tar archive (bad header checksum)");
      }
    } catch (NumberFormatException e) {
      throw new JobFailure(archive + " is not a tar archive (bad header checksum)", e);
    }
  }

  private static long size(byte[] h, Path archive) {
    if ((h[124] & 0x80) != 0) { // GNU base-256 for sizes above 8 GiB
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (h[i] & 0xFF);
      }
      return v;
    }
    String s = field(h, 124, 12).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new JobFailure(archive + " has a tar entry with an unreadable size '" + s + "'", e);
    }
  }

  private static Long parseSize(String value, Path archive) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new JobFailure(archive + " has a tar entry with an unreadable size '" + value + "'", e);
    }
  }

  private static String entryName(byte[] h) {
    String name = field(h, 0, 100);
    boolean ustar = field(h, 257, 5).equals("ustar");
    String prefix = ustar ? field(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String field(byte[] h, int offset, int length) {
    int end = offset;
    while (end < offset + length && h[end] != 0) {
      end++;
    }
    return new String(h, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String trimNul(String s) {
    int i = s.indexOf('\0');
    return i < 0 ? s : s.substring(0, i);
  }

  /** Reads PAX records "len key=value\n"; returns {path, size} (either may be null). */
  private static String[] pax(byte[] data) {
    String path = null;
    String size = null;
    int i = 0;
    while (i < data.length) {
      int space = i;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      if (space >= data.length) {
        break;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        break;
      }
      if (length <= 0 || i + length > data.length) {
        break;
      }
      String record = new String(data, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        String key = record.substring(0, eq);
        if (key.equals("path")) {
          path = record.substring(eq + 1);
        } else if (key.equals("size")) {
          size = record.substring(eq + 1);
        }
      }
      i += length;
    }
    return new String[] {path, size};
  }

  private static byte[] readData(InputStream in, long size) throws IOException {
    if (size > 1 << 20) {
      throw new IOException("tar extension header of " + size + " bytes is implausible");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException();
    }
    skipPadding(in, size);
    return data;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException();
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long size) throws IOException {
    long total = size + padding(size);
    in.skipNBytes(total);
  }

  private static void skipPadding(InputStream in, long size) throws IOException {
    in.skipNBytes(padding(size));
  }

  private static long padding(long size) {
    long rest = size % BLOCK;
    return rest == 0 ? 0 : BLOCK - rest;
  }
}
