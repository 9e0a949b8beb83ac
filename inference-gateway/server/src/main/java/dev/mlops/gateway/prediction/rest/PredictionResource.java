package dev.mlops.gateway.prediction.rest;

import dev.mlops.gateway.GatewayConfig;
import dev.mlops.gateway.metrics.GatewayMeters;
import dev.mlops.gateway.prediction.PredictionService;
import dev.mlops.gateway.problem.PayloadTooLargeException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
  public CompletionStage<byte[]> predict(byte[] body, @Context HttpHeaders headers) {
    if (body.length > maxBody) {
      meters.rejected("too-large");
      throw new PayloadTooLargeException(
          "the body has " + body.length + " bytes; the limit is " + maxBody);
    }
    // A method that returns a CompletionStage runs on the event loop, which read the body. When
    // the policy and schemas are held and the endpoint call does not block, the request is
    // answered there, the call waiting for no thread; otherwise (first requests, a stale policy,
    // the SDK client) it moves to a worker, which may read from S3 or wait. (A CompletionStage,
    // not a Uni: nothing here needs the context propagation Mutiny's wrappers do per request.)
    if (predictions.answersWithoutBlocking()) {
      return respond(predictions.predict(body, headers::getHeaderString));
    }
    return respond(
        CompletableFuture.supplyAsync(
                () -> predictions.predict(body, headers::getHeaderString),
                Infrastructure.getDefaultWorkerPool())
            .thenCompose(answer -> answer));
  }

  /** The answer's JSON bytes: a byte[] entity of a fixed type needs no writer lookup per call. */
  private static CompletionStage<byte[]> respond(CompletionStage<PredictionService.Answer> answer) {
    return answer.thenApply(AnswerJson::write);
  }

  /** The same operation under the name the issue first gave it. */
  @POST
  @Path("/predictions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Predict (alias of /v1/predict)", hidden = true)
  public CompletionStage<byte[]> predictions(byte[] body, @Context HttpHeaders headers) {
    return predict(body, headers);
  }
}
