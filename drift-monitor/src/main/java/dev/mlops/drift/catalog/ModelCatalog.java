package dev.mlops.drift.catalog;

import dev.mlops.contract.baseline.BaselineSketches;
import dev.mlops.contract.monitor.Constraints;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.drift.ObjectStorage;
import dev.mlops.drift.capture.SchemaLayout;
import dev.mlops.drift.window.ModelRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds what an endpoint serves from its manifest ({@code endpoints/<endpoint>.json} in the
 * artifacts bucket), and the model's schema and baseline from the URIs the manifest gives.
 * Manifests are cached for a short time (an endpoint could be updated in place), schemas and
 * baselines for as long as they are used (a URI names one immutable model version). Not thread
 * safe: owned by the worker.
 */
public final class ModelCatalog {

  private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
  private static final int MAX_CACHED_MODELS = 64;

  private final ObjectStorage storage;
  private final String artifactsBucket;
  private final Duration manifestTtl;
  private final Duration unknownTtl;
  private final Clock clock;
  private final Map<String, Cached> endpoints = new LinkedHashMap<>();
  private final Map<String, SchemaLayout> layouts = lru();
  private final Map<String, Optional<ModelBaseline>> baselines = lru();

  private record Cached(Optional<ServedModel> model, Instant expires) {}

  public ModelCatalog(
      ObjectStorage storage,
      String artifactsBucket,
      Duration manifestTtl,
      Duration unknownTtl,
      Clock clock) {
    this.storage = storage;
    this.artifactsBucket = artifactsBucket;
    this.manifestTtl = manifestTtl;
    this.unknownTtl = unknownTtl;
    this.clock = clock;
  }

  /**
   * What the endpoint serves; empty when it has no manifest, or the manifest or schema cannot be
   * used (logged).
   *
   * @throws dev.mlops.drift.StorageUnavailableException when S3 cannot answer
   */
  public Optional<ServedModel> model(String endpoint) {
    Instant now = clock.instant();
    Cached c = endpoints.get(endpoint);
    if (c != null && now.isBefore(c.expires())) {
      return c.model();
    }
    Optional<ServedModel> model = load(endpoint);
    if (endpoints.size() > 10_000) {
      endpoints.clear(); // endpoints come and go; do not grow without bound
    }
    endpoints.put(
        endpoint, new Cached(model, now.plus(model.isPresent() ? manifestTtl : unknownTtl)));
    return model;
  }

  private Optional<ServedModel> load(String endpoint) {
    Optional<byte[]> json = storage.get(artifactsBucket, EndpointManifest.key(endpoint));
    if (json.isEmpty()) {
      return Optional.empty();
    }
    EndpointManifest m;
    try {
      m = EndpointManifest.parse(json.get());
    } catch (RuntimeException e) {
      LOG.warnf("endpoint %s: unreadable manifest: %s", endpoint, e.getMessage());
      return Optional.empty();
    }
    if (m.modelVersion() == null || m.schemaUri() == null) {
      LOG.warnf("endpoint %s: manifest lacks model_version or schema_uri", endpoint);
      return Optional.empty();
    }
    SchemaLayout layout = layouts.get(m.schemaUri());
    if (layout == null) {
      Optional<SchemaLayout> loaded = loadSchema(endpoint, m.schemaUri());
      if (loaded.isEmpty()) {
        return Optional.empty();
      }
      layout = loaded.get();
      layouts.put(m.schemaUri(), layout);
    }
    return Optional.of(
        new ServedModel(
            new ModelRef(endpoint, m.modelVersion(), m.dataset(), m.schemaUri(), m.baselineUri()),
            layout));
  }

  private Optional<SchemaLayout> loadSchema(String endpoint, String uri) {
    S3Uri s3;
    try {
      s3 = S3Uri.parse(uri);
    } catch (IllegalArgumentException e) {
      LOG.warnf("endpoint %s: %s", endpoint, e.getMessage());
      return Optional.empty();
    }
    Optional<byte[]> json = storage.get(s3.bucket(), s3.key());
    if (json.isEmpty()) {
      LOG.warnf("endpoint %s: schema %s does not exist", endpoint, uri);
      return Optional.empty();
    }
    try {
      return Optional.of(new SchemaLayout(DatasetSchema.parse(json.get())));
    } catch (RuntimeException e) {
      LOG.warnf("endpoint %s: unreadable schema %s: %s", endpoint, uri, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The baseline under a URI prefix ({@code constraints.json} and {@code baseline-sketches.json});
   * empty when it does not exist or cannot be read (the window is then reported without drift
   * checks).
   *
   * @throws dev.mlops.drift.StorageUnavailableException when S3 cannot answer
   */
  public Optional<ModelBaseline> baseline(String baselineUri) {
    if (baselineUri == null) {
      return Optional.empty();
    }
    Optional<ModelBaseline> cached = baselines.get(baselineUri);
    if (cached != null) {
      return cached;
    }
    Optional<ModelBaseline> loaded = loadBaseline(baselineUri);
    baselines.put(baselineUri, loaded);
    return loaded;
  }

  private Optional<ModelBaseline> loadBaseline(String uri) {
    S3Uri prefix;
    try {
      prefix = S3Uri.parse(uri);
    } catch (IllegalArgumentException e) {
      LOG.warnf("baseline: %s", e.getMessage());
      return Optional.empty();
    }
    Optional<byte[]> constraints =
        storage.get(
            prefix.bucket(), prefix.child(dev.mlops.contract.baseline.Baseline.CONSTRAINTS_FILE));
    Optional<byte[]> sketches =
        storage.get(prefix.bucket(), prefix.child(BaselineSketches.FILE_NAME));
    if (constraints.isEmpty() || sketches.isEmpty()) {
      LOG.warnf("baseline %s: constraints.json or baseline-sketches.json is missing", uri);
      return Optional.empty();
    }
    try {
      Constraints c = dev.mlops.contract.json.Json.read(constraints.get(), Constraints.class);
      BaselineSketches s =
          dev.mlops.contract.json.Json.read(sketches.get(), BaselineSketches.class);
      if (s.features() == null) {
        LOG.warnf("baseline %s: baseline-sketches.json has no features", uri);
        return Optional.empty();
      }
      return Optional.of(new ModelBaseline(c, s));
    } catch (RuntimeException e) {
      LOG.warnf("baseline %s: unreadable: %s", uri, e.getMessage());
      return Optional.empty();
    }
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_CACHED_MODELS;
      }
    };
  }
}
