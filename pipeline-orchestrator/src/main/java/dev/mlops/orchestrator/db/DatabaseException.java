package dev.mlops.orchestrator.db;

import java.sql.SQLException;

/** A database error; {@link #isUniqueViolation()} tells a lost race from a real failure. */
public class DatabaseException extends RuntimeException {

  private final String sqlState;

  public DatabaseException(SQLException cause) {
    super(cause.getMessage(), cause);
    this.sqlState = cause.getSQLState();
  }

  /** PostgreSQL's unique_violation (23505). */
  public boolean isUniqueViolation() {
    return "23505".equals(sqlState);
  }

  /** The constraint name in the message, for telling which rule a row broke. */
  public boolean mentions(String constraint) {
    return getMessage() != null && getMessage().contains(constraint);
  }
}
