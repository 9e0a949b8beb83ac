package dev.mlops.orchestrator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.ui.DriftMonitorClient;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place errors become RFC 9457 problem+json: the caller's mistakes as 4xx with a message
 * they can act on, an unreachable drift monitor as 502/504, our failures as 500 without internals.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  public static final String PROBLEM_JSON = "application/problem+json";

  @ServerExceptionMapper(priority = 1)
  public Response map(Throwable e, UriInfo uri) {
    String path = uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    if (e instanceof AdminAuthFilter.UnauthorizedException) {
      return problem(401, "Unauthorized", e.getMessage(), path)
          .header("WWW-Authenticate", "Bearer realm=\"mlops-admin\"")
          .build();
    }
    if (e instanceof OrchestratorException oe) {
      int status =
          switch (oe.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
          };
      return problem(status, title(status), oe.getMessage(), path).build();
    }
    if (e instanceof DriftMonitorClient.DriftMonitorUnavailableException d) {
      // not the caller's fault and not ours: the drift monitor behind the dashboard's proxy
      LOG.warnf("%s: %s", path, d.getMessage());
      int status = d.timedOut() ? 504 : 502;
      return problem(status, title(status), d.getMessage(), path).build();
    }
    if (e instanceof JsonProcessingException jpe) {
      return problem(400, "Bad Request", "invalid JSON body: " + jpe.getOriginalMessage(), path)
          .build();
    }
    if (e instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
      int status = wae.getResponse().getStatus();
      String detail = wae.getMessage();
      Throwable cause = wae.getCause();
      if (cause instanceof JsonProcessingException jpe) {
        detail = "invalid JSON body: " + jpe.getOriginalMessage();
      }
      return problem(status, title(status), detail, path).build();
    }
    if (e instanceof IllegalArgumentException iae) {
      return problem(400, "Bad Request", iae.getMessage(), path).build();
    }
    LOG.errorf(e, "internal error on %s", path);
    return problem(500, "Internal Server Error", "the orchestrator failed; see its log", path)
        .build();
  }

  static Response.ResponseBuilder problem(int status, String title, String detail, String path) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    if (path != null) {
      body.put("instance", path);
    }
    return Response.status(status).type(PROBLEM_JSON).entity(body);
  }

  private static String title(int status) {
    Response.Status s = Response.Status.fromStatusCode(status);
    return s == null ? "Error" : s.getReasonPhrase();
  }
}
