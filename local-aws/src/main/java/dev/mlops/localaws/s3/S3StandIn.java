package dev.mlops.localaws.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3: S3Proxy with its filesystem blob store ({@code <data>/s3/<bucket>/<key>}) on an internal
 * loopback port, behind the front port. Signatures are not checked.
 */
public final class S3StandIn implements AutoCloseable {

  private final S3Proxy proxy;
  private final BlobStore blobStore;

  private S3StandIn(S3Proxy proxy, BlobStore blobStore) {
    this.proxy = proxy;
    this.blobStore = blobStore;
  }

  public static S3StandIn start(Path dir, List<String> buckets) {
    try {
      Files.createDirectories(dir);
      BlobStore store = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
      for (String b : buckets) {
        if (!store.containerExists(b)) {
          store.createContainer(b);
        }
      }
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(store)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.NONE, null, null)
              .ignoreUnknownHeaders(true)
              .jettyMaxThreads(32)
              .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.onSpinWait();
      }
      return new S3StandIn(proxy, store);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start: " + e.getMessage(), e);
    }
  }

  public int port() {
    return proxy.getPort();
  }

  public BlobStore blobStore() {
    return blobStore;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
