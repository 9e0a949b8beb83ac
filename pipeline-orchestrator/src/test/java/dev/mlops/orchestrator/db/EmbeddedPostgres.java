package dev.mlops.orchestrator.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL for plain JUnit tests (one per test JVM), migrated with the service's own
 * Flyway scripts. Each test gets a fresh database.
 */
public final class EmbeddedPostgres {

  private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
  private static int counter;

  private EmbeddedPostgres() {}

  /** A new, migrated database. */
  public static synchronized DataSource freshDatabase() {
    try {
      if (pg == null) {
        // After a @QuarkusTest in the same JVM the context class loader is Quarkus's, which finds
        // the binaries jar twice ("Duplicate embedded postgres binaries"): look with ours.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedPostgres.class.getClassLoader());
        try {
          pg =
              io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                  .setServerConfig("listen_addresses", "127.0.0.1")
                  .start();
        } finally {
          thread.setContextClassLoader(previous);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgres::close));
      }
      String name = "test" + (++counter);
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      DataSource ds = pg.getDatabase("postgres", name);
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      return ds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized void close() {
    try {
      if (pg != null) {
        pg.close();
      }
    } catch (IOException e) {
      // the JVM is exiting
    }
  }
}
