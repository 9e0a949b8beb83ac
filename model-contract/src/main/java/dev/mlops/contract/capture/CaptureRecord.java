package dev.mlops.contract.capture;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of SageMaker's data capture JSONL: the request an endpoint received and what it
 * answered. Field names are SageMaker's, so Model Monitor and users' own tooling read our files
 * unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureRecord(
    @JsonProperty("captureData") CaptureData captureData,
    @JsonProperty("eventMetadata") EventMetadata eventMetadata,
    @JsonProperty("eventVersion") String eventVersion) {

  /** SageMaker writes "0". */
  public static final String EVENT_VERSION = "0";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CaptureData(
      @JsonProperty("endpointInput") Payload endpointInput,
      @JsonProperty("endpointOutput") Payload endpointOutput) {}

  /**
   * @param observedContentType the request's or response's Content-Type
   * @param mode INPUT or OUTPUT
   * @param data the body, as text (CSV, JSON) or base64 (anything else)
   * @param encoding CSV, JSON or BASE64
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Payload(
      @JsonProperty("observedContentType") String observedContentType,
      @JsonProperty("mode") String mode,
      @JsonProperty("data") String data,
      @JsonProperty("encoding") String encoding) {}

  /**
   * @param eventId unique per invocation
   * @param inferenceId the caller's optional inference id
   * @param inferenceTime ISO-8601 instant of the invocation
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EventMetadata(
      @JsonProperty("eventId") String eventId,
      @JsonProperty("inferenceId") String inferenceId,
      @JsonProperty("inferenceTime") String inferenceTime) {}
}
