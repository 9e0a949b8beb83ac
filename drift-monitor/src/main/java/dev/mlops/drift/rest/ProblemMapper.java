package dev.mlops.drift.rest;

import dev.mlops.drift.StorageUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The one place errors become responses: problem+json, 4xx for the caller's mistakes, 5xx for ours,
 * never a stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @Context UriInfo uri;

  @Override
  public Response toResponse(Throwable t) {
    int status;
    String title;
    String detail;
    if (t instanceof ProblemException p) {
      status = p.status();
      title = p.title();
      detail = p.getMessage();
    } else if (t instanceof WebApplicationException w) {
      status = w.getResponse().getStatus();
      title =
          Response.Status.fromStatusCode(status) == null
              ? "Error"
              : Response.Status.fromStatusCode(status).getReasonPhrase();
      detail = status == 404 ? "no such resource" : w.getMessage();
    } else if (t instanceof StorageUnavailableException) {
      status = 503;
      title = "Service Unavailable";
      detail = "the window store cannot be reached; try again shortly";
      LOG.warn(t.getMessage());
    } else {
      status = 500;
      title = "Internal Server Error";
      detail = "an unexpected error; it has been logged";
      LOG.error("unexpected error", t);
    }
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath()))
        .build();
  }
}
