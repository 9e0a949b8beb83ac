package dev.mlops.gateway.prediction.rest;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Shapes for the OpenAPI document only: requests are read by a streaming parser and answers are
 * written directly, never through these types.
 */
public final class ApiDocs {

  private ApiDocs() {}

  @Schema(name = "PredictionRequest")
  public record PredictionRequest(
      @Schema(
              description =
                  "Feature values by name, one object per instance (at most 100 by default)",
              required = true,
              example = "[{\"city\": \"Austin\", \"year\": 2014, \"month\": 6, \"sales\": 3000}]")
          List<Map<String, Object>> instances) {}

  @Schema(name = "PredictionResponse")
  public record PredictionResponse(
      @Schema(description = "One prediction per instance, in order: a number, or a label")
          List<Object> predictions,
      ModelRef model) {}

  @Schema(name = "ModelRef")
  public record ModelRef(
      @Schema(description = "Registry version of the model that answered") String version,
      @Schema(
              description = "stable or canary",
              enumeration = {"stable", "canary"})
          String variant) {}

  @Schema(name = "Problem", description = "RFC 9457 problem details")
  public record Problem(
      String type,
      String title,
      int status,
      String detail,
      @Schema(description = "Total number of problems (errors may list fewer)") Integer error_count,
      List<Error> errors) {}

  @Schema(name = "InputError")
  public record Error(
      @Schema(description = "0-based position in instances") Integer instance,
      @Schema(description = "the feature (or body field)") String field,
      String reason) {}
}
