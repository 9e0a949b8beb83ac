package dev.mlops.localaws.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, the local twin of Aurora PostgreSQL: real PostgreSQL binaries (from Maven Central,
 * via zonky), data in {@code <data>/postgres}, kept across restarts, loopback only.
 */
public final class PostgresStandIn implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresStandIn.class);

  /** The databases our services use, created on first start. */
  public static final List<String> DATABASES = List.of("orchestrator", "drift", "mlops");

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;

  private PostgresStandIn(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static PostgresStandIn start(Path dir, int port, Path log) {
    try {
      Files.createDirectories(dir);
      Files.createDirectories(log.getParent());
      recover(dir);
      EmbeddedPostgres.Builder b =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              // zonky wipes the data directory on close unless told not to
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // zonky turns it off for speed; a restart must keep committed rows
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .setServerConfig("max_connections", "200")
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
      if (port > 0) {
        b.setPort(port);
      }
      PostgresStandIn pg = new PostgresStandIn(b.start());
      pg.createDatabases();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start (log: " + log + ")", e);
    }
  }

  /**
   * Cleans up after a local-aws that was killed: the data folder is ours (local-aws holds its
   * lock), so a PostgreSQL still running on it is an orphan, told to shut down fast (and killed if
   * it does not); a {@code postmaster.pid} whose process is gone is removed.
   */
  static void recover(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    long pid = -1;
    try {
      pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException ignored) {
      // unreadable: treat as stale
    }
    ProcessHandle orphan =
        pid > 0
            ? ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().orElse("").contains("postgres"))
                .orElse(null)
            : null;
    if (orphan != null) {
      LOG.warn("stopping PostgreSQL (pid {}) left running by a local-aws that died", pid);
      try {
        // SIGINT is PostgreSQL's fast shutdown
        new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
        if (!orphan
            .onExit()
            .toCompletableFuture()
            .completeOnTimeout(null, 30, TimeUnit.SECONDS)
            .thenApply(h -> h != null)
            .join()) {
          orphan.destroyForcibly();
          orphan.onExit().get(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("PostgreSQL pid {} did not stop: {}", pid, e.toString());
      }
    }
    if (Files.exists(pidFile)) {
      LOG.info("removing stale {} (pid {})", pidFile, pid);
      Files.delete(pidFile);
    }
  }

  private void createDatabases() {
    try (Connection c = connect("postgres");
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
        Statement s = c.createStatement()) {
      for (String db : DATABASES) {
        q.setString(1, db);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            s.execute("CREATE DATABASE \"" + db + "\"");
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the databases: " + e.getMessage(), e);
    }
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
