package dev.mlops.gateway.problem.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.contract.json.Json;
import dev.mlops.gateway.problem.GatewayException;
import dev.mlops.gateway.problem.InputError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where errors become responses: RFC 9457 {@code application/problem+json}, with the
 * offending instances and fields listed for 400/422 and Retry-After for 429/503. The framework's
 * own refusals (no such path, wrong method, wrong content type) get the same body. An unexpected
 * exception is logged with an id and answered 500 without internals.
 */
public class ProblemMapper {

  /** The media type of every error body. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** Problem type URIs are this prefix and the problem's short name. */
  public static final String TYPE_PREFIX = "urn:mlops:problem:";

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  private static final ObjectWriter WRITER =
      Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

  @ServerExceptionMapper
  public Response gateway(GatewayException e) {
    if (e.status() >= 500) {
      LOG.debugf("answered %d: %s", e.status(), e.getMessage());
    }
    return problem(
        e.status(),
        e.type(),
        e.title(),
        e.getMessage(),
        e.errors(),
        e.errorCount(),
        e.retryAfterSeconds());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e);
    }
    return switch (status) {
      case 404 ->
          problem(
              404, "not-found", "Not found", "nothing here: use POST /v1/predict or GET /v1/model");
      case 405 ->
          problem(
              405,
              "method-not-allowed",
              "Method not allowed",
              "this path does not take that method");
      case 406 ->
          problem(
              406, "not-acceptable", "Not acceptable", "the gateway answers application/json only");
      case 415 ->
          problem(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "send the instances as application/json");
      case 413 ->
          problem(413, "payload-too-large", "Payload too large", "the request is too large");
      default ->
          problem(
              status,
              "bad-request",
              e.getResponse().getStatusInfo().getReasonPhrase(),
              "the request cannot be read");
    };
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    String id = UUID.randomUUID().toString();
    LOG.errorf(e, "unexpected failure %s", id);
    return problem(
        500, "internal-error", "Internal error", "the gateway failed (error id " + id + ")");
  }

  static Response problem(int status, String type, String title, String detail) {
    return problem(status, type, title, detail, List.of(), 0, 0);
  }

  static Response problem(
      int status,
      String type,
      String title,
      String detail,
      List<InputError> errors,
      int errorCount,
      long retryAfterSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (!errors.isEmpty()) {
      body.put("error_count", errorCount);
      body.put("errors", errors);
    }
    byte[] bytes;
    try {
      bytes = WRITER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      bytes =
          ("{\"title\":\"Internal error\",\"status\":" + status + "}")
              .getBytes(StandardCharsets.UTF_8);
    }
    Response.ResponseBuilder r = Response.status(status).type(PROBLEM_JSON).entity(bytes);
    if (retryAfterSeconds > 0) {
      r.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return r.build();
  }
}
