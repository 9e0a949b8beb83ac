package dev.mlops.contract.encoding;

/**
 * A request row that cannot be turned into model input. Carries the row (1-based, in request order)
 * and the column so that a caller can fix exactly that value.
 */
public final class InvalidInputException extends IllegalArgumentException {

  private final int row;
  private final String column;
  private final String reason;

  public InvalidInputException(int row, String column, String reason) {
    super(
        column == null
            ? "row " + row + ": " + reason
            : "row " + row + ", column '" + column + "': " + reason);
    this.row = row;
    this.column = column;
    this.reason = reason;
  }

  public int row() {
    return row;
  }

  public String column() {
    return column;
  }

  public String reason() {
    return reason;
  }
}
