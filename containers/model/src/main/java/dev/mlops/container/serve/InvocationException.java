package dev.mlops.container.serve;

/**
 * A request the server refuses, with the HTTP status to answer and, for bad rows, where the problem
 * is. Every refusal of a caller's mistake is a 4xx.
 */
final class InvocationException extends RuntimeException {

  private final int status;
  private final Integer row;
  private final String column;

  InvocationException(int status, String detail) {
    this(status, detail, null, null);
  }

  InvocationException(int status, String detail, Integer row, String column) {
    super(detail, null, false, false);
    this.status = status;
    this.row = row;
    this.column = column;
  }

  int status() {
    return status;
  }

  Integer row() {
    return row;
  }

  String column() {
    return column;
  }
}
