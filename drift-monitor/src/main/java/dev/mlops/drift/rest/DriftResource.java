package dev.mlops.drift.rest;

import dev.mlops.drift.window.FeaturePoint;
import dev.mlops.drift.window.ViolationEntry;
import dev.mlops.drift.window.WindowHistory;
import dev.mlops.drift.window.WindowSummary;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The read API: recent windows, one window's analysis, a feature's distances, violations. */
@Path("/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {

  static final int MAX_LIMIT = 1000;

  @Inject WindowHistory history;

  @GET
  @Path("/windows")
  @Operation(summary = "Recent monitoring windows, newest first (open ones included)")
  public List<WindowSummary> windows(
      @Parameter(description = "only this endpoint") @QueryParam("endpoint") String endpoint,
      @Parameter(description = "at most this many (1-1000, default 50)") @QueryParam("limit")
          String limit) {
    return history.recent(endpoint(endpoint), limit(limit, 50));
  }

  @GET
  @Path("/windows/{id}")
  @Operation(summary = "One window: counts, skipped records by reason, and its analysis")
  public WindowSummary window(@PathParam("id") String id) {
    return history.find(id).orElseThrow(() -> ProblemException.notFound("no window '" + id + "'"));
  }

  @GET
  @Path("/features/{feature}")
  @Operation(summary = "A feature's distance from its baseline over time, newest first")
  public List<FeaturePoint> feature(
      @PathParam("feature") String feature,
      @QueryParam("endpoint") String endpoint,
      @QueryParam("limit") String limit) {
    List<FeaturePoint> points =
        history.featureSeries(feature, endpoint(endpoint), limit(limit, 100));
    if (points.isEmpty() && !history.knowsFeature(feature)) {
      throw ProblemException.notFound("no window has measured a feature named '" + feature + "'");
    }
    return points;
  }

  @GET
  @Path("/violations")
  @Operation(summary = "Constraint violations of analysed windows, newest first")
  public List<ViolationEntry> violations(
      @QueryParam("endpoint") String endpoint, @QueryParam("limit") String limit) {
    return history.violations(endpoint(endpoint), limit(limit, 100));
  }

  private static Optional<String> endpoint(String endpoint) {
    return endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(endpoint);
  }

  static int limit(String text, int defaultLimit) {
    if (text == null || text.isBlank()) {
      return defaultLimit;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ProblemException.badRequest(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text + "'");
  }
}
