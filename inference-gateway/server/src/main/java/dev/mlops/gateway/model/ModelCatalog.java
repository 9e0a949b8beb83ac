package dev.mlops.gateway.model;

import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.contract.routing.RoutingPolicy;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.gateway.prediction.InstanceSchema;
import dev.mlops.gateway.problem.UnavailableException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The schemas of the deployed models, read once per schema URI (a model version's schema never
 * changes) and compiled into request checkers. A routing target names its schema; a target that
 * does not is looked up through its endpoint manifest ({@code endpoints/<endpoint>.json}). The
 * model's {@code encoding.json}, when it lies next to the schema, closes the set of accepted labels
 * of categorical features to those seen in training.
 */
public final class ModelCatalog {

  private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
  private static final long RETRY_AFTER_FAILURE_NANOS = 1_000_000_000L;

  private final ModelDocuments documents;
  private final String manifestBucket;
  private final InstanceSchema.Rules rules;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, DeployedModel> byUri = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Optional<EndpointManifest>> manifests =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> failedAt = new ConcurrentHashMap<>();

  public ModelCatalog(
      ModelDocuments documents,
      String manifestBucket,
      InstanceSchema.Rules rules,
      LongSupplier nanoClock) {
    this.documents = documents;
    this.manifestBucket = manifestBucket;
    this.rules = rules;
    this.clock = nanoClock;
  }

  /**
   * The model behind a routing target.
   *
   * @throws UnavailableException when its schema cannot be found or read
   */
  public DeployedModel model(RoutingPolicy.Target target) {
    String uri = schemaUri(target, true);
    if (uri == null) {
      throw new UnavailableException(
          "schema-unavailable",
          "the routing policy names no schema for endpoint '"
              + target.endpoint()
              + "' and it has no manifest that does",
          5);
    }
    DeployedModel known = byUri.get(uri);
    return known != null ? known : load(uri);
  }

  /** Whether {@link #model} would answer for this target without reading anything. */
  public boolean holds(RoutingPolicy.Target target) {
    String uri = schemaUri(target, false);
    return uri != null && byUri.containsKey(uri);
  }

  /**
   * The policy's schema for the target, else its endpoint manifest's (read when {@code mayRead} and
   * not cached yet); null when neither names one.
   */
  private String schemaUri(RoutingPolicy.Target target, boolean mayRead) {
    String uri = target.schemaUri();
    if (uri != null && !uri.isBlank()) {
      return uri;
    }
    Optional<EndpointManifest> m =
        mayRead
            ? manifest(target.endpoint())
            : manifests.getOrDefault(target.endpoint(), Optional.empty());
    return m.map(EndpointManifest::schemaUri).orElse(null);
  }

  /**
   * The endpoint's manifest, when the orchestrator wrote one (read once per endpoint: an endpoint
   * serves one model version for its whole life).
   */
  public Optional<EndpointManifest> manifest(String endpoint) {
    Optional<EndpointManifest> known = manifests.get(endpoint);
    if (known != null) {
      return known;
    }
    byte[] bytes;
    try {
      bytes = documents.read(manifestBucket, EndpointManifest.key(endpoint));
    } catch (RuntimeException e) {
      LOG.debugf("cannot read the manifest of %s: %s", endpoint, e.getMessage());
      return Optional.empty(); // not cached: try again next time
    }
    Optional<EndpointManifest> m = Optional.empty();
    if (bytes != null) {
      try {
        m = Optional.of(EndpointManifest.parse(bytes));
      } catch (RuntimeException e) {
        LOG.warnf("the manifest of endpoint %s is not valid: %s", endpoint, e.getMessage());
      }
    }
    manifests.put(endpoint, m);
    return m;
  }

  /** Reads the schemas a policy needs before requests do. */
  public void warm(RoutingPolicy policy) {
    for (RoutingPolicy.Target t :
        new RoutingPolicy.Target[] {policy.stable(), policy.canary(), policy.shadow()}) {
      if (t != null) {
        try {
          model(t);
        } catch (RuntimeException e) {
          LOG.warnf("cannot read the schema for endpoint %s yet: %s", t.endpoint(), e.getMessage());
        }
      }
    }
  }

  private DeployedModel load(String uri) {
    Long failed = failedAt.get(uri);
    if (failed != null && clock.getAsLong() - failed < RETRY_AFTER_FAILURE_NANOS) {
      throw unavailable(uri, "it could not be read a moment ago");
    }
    try {
      DeployedModel model = read(uri);
      failedAt.remove(uri);
      DeployedModel raced = byUri.putIfAbsent(uri, model);
      return raced != null ? raced : model;
    } catch (UnavailableException e) {
      failedAt.put(uri, clock.getAsLong());
      throw e;
    }
  }

  private DeployedModel read(String uri) {
    S3Uri at;
    try {
      at = S3Uri.parse(uri);
    } catch (IllegalArgumentException e) {
      throw unavailable(uri, e.getMessage());
    }
    byte[] bytes;
    try {
      bytes = documents.read(at.bucket(), at.key());
    } catch (RuntimeException e) {
      throw unavailable(uri, "it cannot be read (" + e.getMessage() + ")");
    }
    if (bytes == null) {
      throw unavailable(uri, "it does not exist");
    }
    DatasetSchema schema;
    try {
      schema = DatasetSchema.parse(bytes);
    } catch (RuntimeException e) {
      LOG.errorf("the schema %s is not valid: %s", uri, e.getMessage());
      throw unavailable(uri, "it is not a valid schema");
    }
    FeatureEncoding encoding = null;
    S3Uri encodingAt = at.sibling("encoding.json");
    try {
      byte[] enc = documents.read(encodingAt.bucket(), encodingAt.key());
      if (enc != null) {
        encoding = Json.read(enc, FeatureEncoding.class);
      }
    } catch (RuntimeException e) {
      LOG.warnf("ignoring %s: %s", encodingAt, e.getMessage());
    }
    LOG.infof(
        "schema %s: %d features%s",
        uri, schema.features().size(), encoding == null ? "" : " (with encoding.json)");
    return new DeployedModel(
        schema, encoding, InstanceSchema.compile(schema, encoding, rules), uri);
  }

  private static UnavailableException unavailable(String uri, String why) {
    return new UnavailableException(
        "schema-unavailable", "the model's schema " + uri + " is unavailable: " + why, 5);
  }
}
