package dev.mlops.orchestrator.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one database transaction. The orchestrator uses plain JDBC because the reconciler
 * needs row locks ({@code FOR UPDATE SKIP LOCKED}) and exact control over what commits together.
 */
@ApplicationScoped
public class Db {

  /** Work inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection tx) throws SQLException;
  }

  private final AgroalDataSource dataSource;

  public Db(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} and commits, or rolls back on any exception (which is rethrown). */
  public <T> T tx(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Throwable t) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          t.addSuppressed(suppressed);
        }
        if (t instanceof SQLException e) {
          throw new DatabaseException(e);
        }
        throw t;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Runs {@code work} and commits. */
  public void txRun(VoidWork work) {
    tx(
        c -> {
          work.run(c);
          return null;
        });
  }

  /** Work without a result. */
  @FunctionalInterface
  public interface VoidWork {
    void run(Connection tx) throws SQLException;
  }
}
