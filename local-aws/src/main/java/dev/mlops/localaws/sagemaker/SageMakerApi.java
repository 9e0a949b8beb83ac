package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.front.AwsErrors;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SageMaker's control plane in the AWS JSON 1.1 protocol ({@code X-Amz-Target:
 * SageMaker.<Action>}). Actions run off the event loop (they touch files); errors come back in
 * AWS's shape, never as a stack trace.
 */
final class SageMakerApi implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(SageMakerApi.class);

  private final Vertx vertx;
  private final TrainingJobs training;
  private final ProcessingJobs processing;
  private final Endpoints endpoints;

  SageMakerApi(Vertx vertx, TrainingJobs training, ProcessingJobs processing, Endpoints endpoints) {
    this.vertx = vertx;
    this.training = training;
    this.processing = processing;
    this.endpoints = endpoints;
  }

  @Override
  public void handle(HttpServerRequest req) {
    serve(vertx, req, "SageMaker.", "SageMaker", "InternalFailure", this::dispatch);
  }

  /**
   * One AWS JSON 1.1 call of a control plane ({@code X-Amz-Target: <prefix><Action>}): the body
   * parsed, the action run off the event loop (actions touch files), the answer or the error in
   * AWS's shape, never a stack trace. Shared by SageMaker's and Application Auto Scaling's APIs.
   *
   * @param internalError the service's error type for a failure of our own
   */
  static void serve(
      Vertx vertx,
      HttpServerRequest req,
      String prefix,
      String service,
      String internalError,
      BiFunction<String, ObjectNode, ObjectNode> dispatch) {
    String action = req.getHeader("X-Amz-Target").substring(prefix.length());
    req.body()
        .onSuccess(
            body ->
                vertx
                    .<ObjectNode>executeBlocking(
                        () -> dispatch.apply(action, parse(body.getBytes())), false)
                    .onSuccess(
                        r ->
                            req.response()
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                                .end(r.toString()))
                    .onFailure(
                        e -> {
                          if (e instanceof SageMakerException s) {
                            AwsErrors.json(req.response(), s.status(), s.type(), s.getMessage());
                          } else {
                            LOG.error("{} {} failed", service, action, e);
                            AwsErrors.json(req.response(), 500, internalError, "local-aws: " + e);
                          }
                        }));
  }

  private static ObjectNode parse(byte[] body) {
    if (body.length == 0) {
      return Json.mapper().createObjectNode();
    }
    try {
      JsonNode n = Json.mapper().readTree(body);
      if (n == null || !n.isObject()) {
        throw new SageMakerException(
            "SerializationException", "the request body is not a JSON object");
      }
      return (ObjectNode) n;
    } catch (IOException e) {
      throw new SageMakerException("SerializationException", "malformed JSON: " + e.getMessage());
    }
  }

  private ObjectNode dispatch(String action, ObjectNode r) {
    ObjectNode empty = Json.mapper().createObjectNode();
    return switch (action) {
      case "CreateTrainingJob" -> training.create(r);
      case "DescribeTrainingJob" ->
          training.describe(Requests.text(r, "TrainingJobName", "trainingJobName"));
      case "StopTrainingJob" -> {
        training.stop(Requests.text(r, "TrainingJobName", "trainingJobName"));
        yield empty;
      }
      case "ListTrainingJobs" -> training.list(r);
      case "CreateProcessingJob" -> processing.create(r);
      case "DescribeProcessingJob" ->
          processing.describe(Requests.text(r, "ProcessingJobName", "processingJobName"));
      case "StopProcessingJob" -> {
        processing.stop(Requests.text(r, "ProcessingJobName", "processingJobName"));
        yield empty;
      }
      case "ListProcessingJobs" -> processing.list(r);
      case "CreateModel" -> endpoints.createModel(r);
      case "DescribeModel" -> endpoints.describeModel(Requests.text(r, "ModelName", "modelName"));
      case "DeleteModel" -> {
        endpoints.deleteModel(Requests.text(r, "ModelName", "modelName"));
        yield empty;
      }
      case "CreateEndpointConfig" -> endpoints.createConfig(r);
      case "DescribeEndpointConfig" ->
          endpoints.describeConfig(Requests.text(r, "EndpointConfigName", "endpointConfigName"));
      case "DeleteEndpointConfig" -> {
        endpoints.deleteConfig(Requests.text(r, "EndpointConfigName", "endpointConfigName"));
        yield empty;
      }
      case "CreateEndpoint" -> endpoints.createEndpoint(r);
      case "DescribeEndpoint" ->
          endpoints.describeEndpoint(Requests.text(r, "EndpointName", "endpointName"));
      case "UpdateEndpoint" -> endpoints.updateEndpoint(r);
      case "UpdateEndpointWeightsAndCapacities" -> endpoints.updateWeightsAndCapacities(r);
      case "DeleteEndpoint" -> {
        endpoints.deleteEndpoint(Requests.text(r, "EndpointName", "endpointName"));
        yield empty;
      }
      case "ListEndpoints" -> endpoints.listEndpoints(r);
      default ->
          throw new SageMakerException(
              "UnknownOperationException",
              "local-aws does not implement SageMaker." + action + ".");
    };
  }
}
