package dev.mlops.orchestrator.ui.rest;

import dev.mlops.orchestrator.ui.DriftMonitorClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The drift monitor's read API for the dashboard, under the admin token: each call is forwarded as
 * it is (query included) and its answer returned as it is. When the drift monitor is down the
 * answer is a problem+json 502, when it is too slow a 504.
 */
@Path("/admin/drift")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
@Tag(name = "drift")
@SecurityRequirement(name = "bearer")
public class DriftProxyResource {

  private final DriftMonitorClient drift;

  public DriftProxyResource(DriftMonitorClient drift) {
    this.drift = drift;
  }

  @GET
  @Path("/windows")
  @Operation(summary = "Drift monitor: recent windows (?endpoint=&limit=)")
  public Response windows(@Context UriInfo uri) {
    return forward("/drift/windows", uri);
  }

  @GET
  @Path("/windows/{id}")
  @Operation(summary = "Drift monitor: one window with its analysis")
  public Response window(@PathParam("id") String id, @Context UriInfo uri) {
    return forward("/drift/windows/" + segment(id), uri);
  }

  @GET
  @Path("/features/{feature}")
  @Operation(summary = "Drift monitor: a feature's distance from its baseline over time")
  public Response feature(@PathParam("feature") String feature, @Context UriInfo uri) {
    return forward("/drift/features/" + segment(feature), uri);
  }

  @GET
  @Path("/distributions/{feature}")
  @Operation(summary = "Drift monitor: a feature's baseline and current distribution (histograms)")
  public Response distribution(@PathParam("feature") String feature, @Context UriInfo uri) {
    return forward("/drift/distributions/" + segment(feature), uri);
  }

  @GET
  @Path("/violations")
  @Operation(summary = "Drift monitor: constraint violations, newest first")
  public Response violations(@Context UriInfo uri) {
    return forward("/drift/violations", uri);
  }

  /** The drift monitor's answer as it is; when it is unreachable, ProblemMapper answers 502/504. */
  private Response forward(String path, UriInfo uri) {
    DriftMonitorClient.Answer a = drift.get(path, uri.getRequestUri().getRawQuery());
    return Response.status(a.status())
        .type(a.contentType())
        .header("Cache-Control", "no-store")
        .entity(a.body())
        .build();
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
