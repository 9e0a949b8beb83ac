package dev.mlops.drift.window;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.json.Json;
import java.util.Map;

/**
 * A window as stored in PostgreSQL: its counts and its sketches in the plain JSON form of {@code
 * baseline-sketches.json} (DataSketches' binary form needs datasketches-memory, which refuses JDKs
 * newer than 21). Written in the same transaction as the idempotency records of the objects folded
 * into it.
 *
 * @param skipped records skipped, by reason
 * @param extraColumnRecords records that had columns the schema does not know
 * @param missingColumnRecords records that lacked columns of the schema
 * @param extraColumns the unknown columns seen ({@code _c<n>} for CSV positions), with counts
 * @param absentColumns schema features absent from records, with counts
 * @param features sketches in schema order
 * @param predictionName the prediction's column name (the schema's target)
 * @param prediction the prediction's sketch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowState(
    @JsonProperty("id") String id,
    @JsonProperty("seq") long seq,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("schema_uri") String schemaUri,
    @JsonProperty("baseline_uri") String baselineUri,
    @JsonProperty("opened_at") String openedAt,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("captures") long captures,
    @JsonProperty("records") long records,
    @JsonProperty("predictions") long predictions,
    @JsonProperty("skipped") Map<String, Long> skipped,
    @JsonProperty("extra_column_records") long extraColumnRecords,
    @JsonProperty("missing_column_records") long missingColumnRecords,
    @JsonProperty("extra_columns") Map<String, Long> extraColumns,
    @JsonProperty("absent_columns") Map<String, Long> absentColumns,
    @JsonProperty("first_event_time") String firstEventTime,
    @JsonProperty("last_event_time") String lastEventTime,
    @JsonProperty("features") Map<String, BaselineSketches.Entry> features,
    @JsonProperty("prediction_name") String predictionName,
    @JsonProperty("prediction") BaselineSketches.Entry prediction) {

  public static WindowState parse(String json) {
    return Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), WindowState.class);
  }

  public String toJson() {
    try {
      return COMPACT.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public ModelRef model() {
    return new ModelRef(endpoint, modelVersion, dataset, schemaUri, baselineUri);
  }

  private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT =
      Json.mapper()
          .writerFor(WindowState.class)
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
}
