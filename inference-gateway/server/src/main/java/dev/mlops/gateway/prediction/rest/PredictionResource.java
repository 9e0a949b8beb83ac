package dev.mlops.gateway.prediction.rest;

import dev.mlops.gateway.GatewayConfig;
import dev.mlops.gateway.metrics.GatewayMeters;
import dev.mlops.gateway.prediction.PredictionService;
import dev.mlops.gateway.problem.PayloadTooLargeException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /v1/predict}: the public prediction API. */
@Path("/v1")
public class PredictionResource {

  private final PredictionService predictions;
  private final GatewayMeters meters;
  private final long maxBody;

  @Inject
  public PredictionResource(
      PredictionService predictions, GatewayMeters meters, GatewayConfig config) {
    this.predictions = predictions;
    this.meters = meters;
    this.maxBody = config.gateway().limits().maxBodySize().asLongValue();
  }

  @POST
  @Path("/predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Predict",
      description =
          "Checks every instance against the deployed model's schema, routes the request to the"
              + " stable or canary endpoint by the routing policy and answers one prediction per"
              + " instance, in order.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiDocs.PredictionRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "One prediction per instance",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiDocs.PredictionResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "Not JSON, or not {\"instances\": [...]}",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ApiDocs.Problem.class)))
  @APIResponse(
      responseCode = "422",
      description = "Instances that do not fit the schema; every instance and field is listed",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ApiDocs.Problem.class)))
  @APIResponse(responseCode = "413", description = "Body or instance count above the limits")
  @APIResponse(responseCode = "415", description = "Not application/json")
  @APIResponse(responseCode = "429", description = "Rate limited (Retry-After)")
  @APIResponse(responseCode = "502", description = "The model answered an error")
  @APIResponse(
      responseCode = "503",
      description = "No model deployed, or the endpoint is unavailable (Retry-After)")
  @APIResponse(responseCode = "504", description = "The endpoint did not answer in time")
  public Uni<Response> predict(byte[] body, @Context HttpHeaders headers) {
    if (body.length > maxBody) {
      meters.rejected("too-large");
      throw new PayloadTooLargeException(
          "the body has " + body.length + " bytes; the limit is " + maxBody);
    }
    // The body is read on the event loop (a Uni method is non-blocking); only the endpoint call,
    // which blocks, moves to a worker: one thread hop less than a blocking method reading its body
    // from the event loop through a blocking stream.
    return Uni.createFrom()
        .item(
            () -> {
              PredictionService.Answer answer = predictions.predict(body, headers::getHeaderString);
              return Response.ok(AnswerJson.write(answer), MediaType.APPLICATION_JSON_TYPE).build();
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /** The same operation under the name the issue first gave it. */
  @POST
  @Path("/predictions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Predict (alias of /v1/predict)", hidden = true)
  public Uni<Response> predictions(byte[] body, @Context HttpHeaders headers) {
    return predict(body, headers);
  }
}
