package dev.mlops.localaws.sagemaker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** {@code model.tar.gz}: what SageMaker makes of {@code /opt/ml/model} and unpacks for serving. */
final class ModelArchive {

  private ModelArchive() {}

  /** Packs the files below {@code dir}, paths relative to it, in name order. */
  static void pack(Path dir, Path archive) throws IOException {
    Files.createDirectories(archive.getParent());
    try (OutputStream out =
            new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(archive)));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        Stream<Path> walk = Files.walk(dir)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      for (Path f : files) {
        String name = dir.relativize(f).toString().replace('\\', '/');
        TarArchiveEntry e = new TarArchiveEntry(f.toFile(), name);
        tar.putArchiveEntry(e);
        Files.copy(f, tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  /** Unpacks into {@code dir}, refusing entries that would land outside it. */
  static void unpack(InputStream archive, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("model archive entry outside the model folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
