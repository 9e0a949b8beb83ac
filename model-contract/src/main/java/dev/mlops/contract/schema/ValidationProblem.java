package dev.mlops.contract.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One thing wrong with the data.
 *
 * @param row 1-based line number in the file (1 is the header), or 0 for the file as a whole
 * @param column the column concerned, or null
 * @param reason what is wrong, in words a data owner understands
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationProblem(
    @JsonProperty("row") int row,
    @JsonProperty("column") String column,
    @JsonProperty("reason") String reason) {

  @Override
  public String toString() {
    String where = row > 0 ? "row " + row : "file";
    return column == null ? where + ": " + reason : where + ", column '" + column + "': " + reason;
  }
}
