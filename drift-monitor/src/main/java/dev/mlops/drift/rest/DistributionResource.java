package dev.mlops.drift.rest;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.json.Json;
import dev.mlops.drift.ObjectStorage;
import dev.mlops.drift.StorageUnavailableException;
import dev.mlops.drift.catalog.S3Uri;
import dev.mlops.drift.window.WindowState;
import io.agroal.api.AgroalDataSource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * A feature's distribution in the model's training baseline and in a window of live traffic, on
 * common bins (for histograms). The window's sketches are the ones the drift distance was computed
 * on; the baseline is the model's {@code baseline-sketches.json}.
 */
@Path("/drift/distributions")
@Produces(MediaType.APPLICATION_JSON)
public class DistributionResource {

  /** Baselines by URI: a URI names one immutable model version. */
  private final Map<String, Optional<BaselineSketches>> baselines = new ConcurrentHashMap<>();

  private final AgroalDataSource dataSource;
  private final ObjectStorage storage;

  public DistributionResource(AgroalDataSource dataSource, ObjectStorage storage) {
    this.dataSource = dataSource;
    this.storage = storage;
  }

  @GET
  @Path("/{feature}")
  @Operation(
      summary =
          "A feature's baseline and current distribution on common bins (the latest closed window,"
              + " else the open one)")
  public FeatureDistribution distribution(
      @PathParam("feature") String feature,
      @Parameter(description = "only this endpoint") @QueryParam("endpoint") String endpoint,
      @Parameter(description = "this window instead of the latest") @QueryParam("window")
          String windowId) {
    Row row =
        latest(blankToNull(endpoint), blankToNull(windowId))
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        windowId != null && !windowId.isBlank()
                            ? "no window '" + windowId + "'"
                            : "no window yet" + (endpoint == null ? "" : " for " + endpoint)));
    WindowState state = WindowState.parse(row.state());
    FeatureDistribution.Window window =
        new FeatureDistribution.Window(
            state.id(), row.status(), row.closedAt(), state.endpoint(), state.modelVersion());
    BaselineSketches.Entry current;
    boolean prediction = false;
    if (state.features() != null && state.features().containsKey(feature)) {
      current = state.features().get(feature);
    } else if (feature.equals(state.predictionName()) && state.prediction() != null) {
      current = state.prediction();
      prediction = true;
    } else {
      throw ProblemException.notFound(
          "window '" + state.id() + "' has no feature named '" + feature + "'");
    }
    Optional<BaselineSketches> sketches = baseline(state.baselineUri());
    BaselineSketches.Entry base =
        sketches
            .map(
                s ->
                    s.features() == null
                        ? null
                        : s.features().get(feature) != null
                            ? s.features().get(feature)
                            : feature.equals(state.predictionName()) ? s.target() : null)
            .orElse(null);
    String note = null;
    if (sketches.isEmpty()) {
      note = "the model's baseline (" + state.baselineUri() + ") cannot be read";
    } else if (base == null) {
      note = "the baseline has no sketch of '" + feature + "'";
    } else if (!base.type().equals(current.type())) {
      note = "the baseline's sketch of '" + feature + "' is " + base.type();
      base = null;
    }
    return FeatureDistribution.of(
        feature, prediction ? "prediction" : "feature", window, base, current, note);
  }

  private record Row(String state, String status, String closedAt) {}

  /** The given window, or the newest closed window (the newest open one while none closed). */
  private Optional<Row> latest(String endpoint, String windowId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT state, status, closed_at FROM drift_window"
                    + " WHERE (?::text IS NULL OR endpoint = ?) AND (?::text IS NULL OR id = ?)"
                    + " ORDER BY (status = 'OPEN'), seq DESC LIMIT 1")) {
      s.setString(1, endpoint);
      s.setString(2, endpoint);
      s.setString(3, windowId);
      s.setString(4, windowId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp closed = rs.getTimestamp(3);
        return Optional.of(
            new Row(
                rs.getString(1),
                rs.getString(2).toLowerCase(Locale.ROOT),
                closed == null ? null : closed.toInstant().toString()));
      }
    } catch (SQLException e) {
      throw new StorageUnavailableException("PostgreSQL: " + e.getMessage(), e);
    }
  }

  private Optional<BaselineSketches> baseline(String uri) {
    if (uri == null) {
      return Optional.empty();
    }
    Optional<BaselineSketches> cached = baselines.get(uri);
    if (cached != null) {
      return cached;
    }
    Optional<BaselineSketches> loaded;
    try {
      S3Uri prefix = S3Uri.parse(uri);
      loaded =
          storage
              .get(prefix.bucket(), prefix.child(BaselineSketches.FILE_NAME))
              .map(bytes -> Json.read(bytes, BaselineSketches.class));
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      loaded = Optional.empty();
    }
    if (baselines.size() > 64) {
      baselines.clear();
    }
    if (loaded.isPresent()) {
      baselines.put(uri, loaded); // a missing baseline may still appear: not cached
    }
    return loaded;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
