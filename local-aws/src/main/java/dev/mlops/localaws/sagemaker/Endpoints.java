package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.s3.ObjectStore;
import dev.mlops.localaws.s3.ObjectStore.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models, endpoint configurations and endpoints. An endpoint runs one {@code serve} process per
 * instance of each production variant ({@code ML_ROOT} with {@code model/} unpacked from the
 * model's {@code ModelDataUrl}, {@code SAGEMAKER_BIND_TO_PORT} a free port) and is InService once
 * every process answers {@code GET /ping} with 200. Updating starts the new processes, switches
 * traffic, then stops the old ones. Endpoints are started again when local-aws restarts.
 */
final class Endpoints {

  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

  /** A running endpoint: its description's name and the processes serving it now. */
  static final class Live {
    final String name;
    volatile Deployment deployment;

    Live(String name) {
      this.name = name;
    }
  }

  private final Path dir;
  private final ResourceStore models;
  private final ResourceStore configs;
  private final ResourceStore endpoints;
  private final ObjectStore objects;
  private final ContainerCommands commands;
  private final Duration readyTimeout;
  private final int maxInstances;
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final HttpClient ping =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private volatile boolean closing;

  Endpoints(
      Path dir,
      ResourceStore models,
      ResourceStore configs,
      ResourceStore endpoints,
      ObjectStore objects,
      ContainerCommands commands,
      Duration readyTimeout,
      int maxInstances) {
    this.dir = dir;
    this.models = models;
    this.configs = configs;
    this.endpoints = endpoints;
    this.objects = objects;
    this.commands = commands;
    this.readyTimeout = readyTimeout;
    this.maxInstances = maxInstances;
  }

  // ---- models

  ObjectNode createModel(ObjectNode req) {
    String name = Requests.text(req, "ModelName", "modelName");
    JsonNode container = req.get("PrimaryContainer");
    if (container == null || !container.isObject()) {
      JsonNode cs = req.path("Containers");
      if (!cs.isArray() || cs.isEmpty()) {
        throw SageMakerException.validation("Either PrimaryContainer or Containers must be given");
      }
    }
    ObjectNode d = req.deepCopy();
    String arn = Arns.of("model", name);
    d.put("ModelArn", arn);
    d.put("CreationTime", Arns.now());
    if (!models.create(name, d)) {
      throw SageMakerException.validation("Cannot create already existing model \"" + arn + "\".");
    }
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("ModelArn", arn);
    return r;
  }

  ObjectNode describeModel(String name) {
    ObjectNode d = models.get(name);
    if (d == null) {
      throw SageMakerException.validation(
          "Could not find model \"" + Arns.of("model", name) + "\".");
    }
    return d.deepCopy();
  }

  void deleteModel(String name) {
    describeModel(name);
    models.remove(name);
  }

  // ---- endpoint configurations

  ObjectNode createConfig(ObjectNode req) {
    String name = Requests.text(req, "EndpointConfigName", "endpointConfigName");
    JsonNode variants = Requests.array(req, "ProductionVariants", "productionVariants");
    Set<String> names = new HashSet<>();
    for (JsonNode v : variants) {
      String vn = Requests.text(v, "VariantName", "productionVariants.member.variantName");
      String model = Requests.text(v, "ModelName", "productionVariants.member.modelName");
      if (!names.add(vn)) {
        throw SageMakerException.validation("Variant names must be unique: " + vn);
      }
      if (models.get(model) == null) {
        throw SageMakerException.validation(
            "Could not find model \"" + Arns.of("model", model) + "\".");
      }
      int count = v.path("InitialInstanceCount").asInt(1);
      if (count < 1) {
        throw SageMakerException.validation("InitialInstanceCount must be at least 1");
      }
      if (v.path("InitialVariantWeight").asDouble(1.0) < 0) {
        throw SageMakerException.validation("InitialVariantWeight must not be negative");
      }
    }
    JsonNode dc = req.get("DataCaptureConfig");
    if (dc != null && dc.isObject()) {
      int pct = dc.path("InitialSamplingPercentage").asInt(-1);
      if (pct < 0 || pct > 100) {
        throw SageMakerException.validation(
            "DataCaptureConfig.InitialSamplingPercentage must be between 0 and 100");
      }
      String dest = dc.path("DestinationS3Uri").asText("");
      if (!dest.startsWith("s3://")) {
        throw SageMakerException.validation(
            "DataCaptureConfig.DestinationS3Uri must be an s3:// URI");
      }
      Requests.array(dc, "CaptureOptions", "dataCaptureConfig.captureOptions");
    }
    ObjectNode d = req.deepCopy();
    String arn = Arns.of("endpoint-config", name);
    d.put("EndpointConfigArn", arn);
    d.put("CreationTime", Arns.now());
    if (!configs.create(name, d)) {
      throw SageMakerException.validation(
          "Cannot create already existing endpoint configuration \"" + arn + "\".");
    }
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("EndpointConfigArn", arn);
    return r;
  }

  ObjectNode describeConfig(String name) {
    ObjectNode d = configs.get(name);
    if (d == null) {
      throw SageMakerException.validation(
          "Could not find endpoint configuration \"" + Arns.of("endpoint-config", name) + "\".");
    }
    return d.deepCopy();
  }

  void deleteConfig(String name) {
    describeConfig(name);
    configs.remove(name);
  }

  // ---- endpoints

  ObjectNode createEndpoint(ObjectNode req) {
    String name = Requests.text(req, "EndpointName", "endpointName");
    String configName = Requests.text(req, "EndpointConfigName", "endpointConfigName");
    ObjectNode config = describeConfig(configName);
    checkCapacity(instances(config), 0);
    String arn = Arns.of("endpoint", name);
    double now = Arns.now();
    ObjectNode d = Json.mapper().createObjectNode();
    d.put("EndpointName", name);
    d.put("EndpointArn", arn);
    d.put("EndpointConfigName", configName);
    d.put("EndpointStatus", "Creating");
    d.put("CreationTime", now);
    d.put("LastModifiedTime", now);
    d.put("LocalAwsGeneration", 0);
    describeVariants(d, config, null);
    if (!endpoints.create(name, d)) {
      throw SageMakerException.validation(
          "Cannot create already existing endpoint \"" + arn + "\".");
    }
    Live l = new Live(name);
    live.put(name, l);
    Thread.ofVirtual().name("endpoint-" + name).start(() -> deployFirst(l, config, 0, "Creating"));
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("EndpointArn", arn);
    return r;
  }

  ObjectNode describeEndpoint(String name) {
    ObjectNode d = endpoints.get(name);
    if (d == null) {
      throw notFound(name);
    }
    synchronized (d) {
      ObjectNode copy = d.deepCopy();
      copy.remove("LocalAwsGeneration");
      copy.remove("LocalAwsPids");
      copy.remove("LocalAwsWeights");
      return copy;
    }
  }

  private static SageMakerException notFound(String name) {
    return SageMakerException.validation(
        "Could not find endpoint \"" + Arns.of("endpoint", name) + "\".");
  }

  ObjectNode listEndpoints(ObjectNode req) {
    List<ObjectNode> rows = new ArrayList<>();
    for (ObjectNode d : Listing.filter(endpoints.all(), req, "EndpointName", "EndpointStatus")) {
      ObjectNode s = Json.mapper().createObjectNode();
      for (String f :
          List.of(
              "EndpointName",
              "EndpointArn",
              "CreationTime",
              "LastModifiedTime",
              "EndpointStatus")) {
        s.set(f, d.get(f));
      }
      rows.add(s);
    }
    return Listing.page(rows, req, "Endpoints");
  }

  ObjectNode updateEndpoint(ObjectNode req) {
    String name = Requests.text(req, "EndpointName", "endpointName");
    String configName = Requests.text(req, "EndpointConfigName", "endpointConfigName");
    ObjectNode d = endpoints.get(name);
    if (d == null) {
      throw notFound(name);
    }
    ObjectNode config = describeConfig(configName);
    Live l = live.get(name);
    int generation;
    synchronized (d) {
      String status = d.path("EndpointStatus").asText();
      if (!status.equals("InService") && !status.equals("Failed")) {
        throw SageMakerException.validation(
            "Cannot update in-progress endpoint \"" + Arns.of("endpoint", name) + "\".");
      }
      Deployment current = l == null ? null : l.deployment;
      checkCapacity(instances(config), current == null ? 0 : current.instanceCount());
      generation = d.path("LocalAwsGeneration").asInt() + 1;
      d.put("LocalAwsGeneration", generation);
      d.put("EndpointStatus", "Updating");
      d.put("LastModifiedTime", Arns.now());
      d.remove("FailureReason");
      endpoints.put(name, d);
    }
    Live target = l != null ? l : live.computeIfAbsent(name, Live::new);
    Thread.ofVirtual()
        .name("endpoint-" + name)
        .start(
            () -> {
              Deployment old = target.deployment;
              try {
                Deployment next = deploy(name, config, generation);
                target.deployment = next;
                synchronized (d) {
                  d.put("EndpointConfigName", configName);
                  d.remove("LocalAwsWeights");
                  describeVariants(d, config, next);
                  d.put("EndpointStatus", "InService");
                  d.put("LastModifiedTime", Arns.now());
                  pids(d, next);
                  endpoints.put(name, d);
                }
                if (old != null) {
                  old.stop();
                }
                LOG.info("endpoint {} updated to {}", name, configName);
              } catch (Exception e) {
                synchronized (d) {
                  d.put("EndpointStatus", old != null ? "InService" : "Failed");
                  d.put("FailureReason", reason(e));
                  d.put("LastModifiedTime", Arns.now());
                  endpoints.put(name, d);
                }
                LOG.warn("endpoint {} update failed: {}", name, reason(e));
              }
            });
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("EndpointArn", d.path("EndpointArn").asText());
    return r;
  }

  ObjectNode updateWeightsAndCapacities(ObjectNode req) {
    String name = Requests.text(req, "EndpointName", "endpointName");
    JsonNode desired =
        Requests.array(req, "DesiredWeightsAndCapacities", "desiredWeightsAndCapacities");
    ObjectNode d = endpoints.get(name);
    if (d == null) {
      throw notFound(name);
    }
    Live l = live.get(name);
    Deployment dep = l == null ? null : l.deployment;
    synchronized (d) {
      if (!d.path("EndpointStatus").asText().equals("InService") || dep == null) {
        throw SageMakerException.validation(
            "Cannot update in-progress endpoint \"" + Arns.of("endpoint", name) + "\".");
      }
      int added = 0;
      for (JsonNode w : desired) {
        String vn =
            Requests.text(w, "VariantName", "desiredWeightsAndCapacities.member.variantName");
        Deployment.Variant v = dep.variant(vn);
        if (v == null) {
          throw SageMakerException.validation(
              "The variant name(s) \"" + vn + "\" is/are not present in the endpoint.");
        }
        if (w.has("DesiredInstanceCount")) {
          int n = w.path("DesiredInstanceCount").asInt();
          if (n < 1) {
            throw SageMakerException.validation("DesiredInstanceCount must be at least 1");
          }
          added += Math.max(0, n - v.instances.size());
        }
        if (w.has("DesiredWeight") && w.path("DesiredWeight").asDouble() < 0) {
          throw SageMakerException.validation("DesiredWeight must not be negative");
        }
      }
      checkCapacity(added, 0);
      ObjectNode weights =
          d.has("LocalAwsWeights")
              ? (ObjectNode) d.get("LocalAwsWeights")
              : d.putObject("LocalAwsWeights");
      for (JsonNode w : desired) {
        if (w.has("DesiredWeight")) {
          dep.variant(w.path("VariantName").asText()).weight = w.path("DesiredWeight").asDouble();
          weights.put(w.path("VariantName").asText(), w.path("DesiredWeight").asDouble());
        }
      }
      d.put("EndpointStatus", "Updating");
      d.put("LastModifiedTime", Arns.now());
      endpoints.put(name, d);
    }
    Thread.ofVirtual()
        .start(
            () -> {
              String failure = null;
              for (JsonNode w : desired) {
                if (!w.has("DesiredInstanceCount")) {
                  continue;
                }
                Deployment.Variant v = dep.variant(w.path("VariantName").asText());
                try {
                  resize(name, v, w.path("DesiredInstanceCount").asInt());
                } catch (Exception e) {
                  failure = reason(e);
                }
              }
              synchronized (d) {
                d.put("EndpointStatus", "InService");
                if (failure != null) {
                  d.put("FailureReason", failure);
                }
                describeVariants(d, configs.get(d.path("EndpointConfigName").asText()), dep);
                d.put("LastModifiedTime", Arns.now());
                pids(d, dep);
                endpoints.put(name, d);
              }
            });
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("EndpointArn", d.path("EndpointArn").asText());
    return r;
  }

  void deleteEndpoint(String name) {
    ObjectNode d = endpoints.get(name);
    if (d == null) {
      throw notFound(name);
    }
    synchronized (d) {
      d.put("EndpointStatus", "Deleting");
      d.put("LastModifiedTime", Arns.now());
      endpoints.put(name, d);
    }
    Live l = live.remove(name);
    Thread.ofVirtual()
        .start(
            () -> {
              if (l != null && l.deployment != null) {
                l.deployment.stop();
              }
              endpoints.remove(name);
              LOG.info("endpoint {} deleted", name);
            });
  }

  /** The endpoint whose processes serve invocations, or null. */
  Live live(String name) {
    return live.get(name);
  }

  ObjectNode description(String name) {
    return endpoints.get(name);
  }

  /** Starts the processes of endpoints that were serving when local-aws stopped. */
  void restore() {
    for (ObjectNode d : endpoints.all()) {
      String name = d.path("EndpointName").asText();
      d.path("LocalAwsPids").forEach(p -> ChildProcesses.killOrphan(p.asLong(), List.of("serve")));
      String status = d.path("EndpointStatus").asText();
      if (status.equals("Deleting")) {
        endpoints.remove(name);
        continue;
      }
      if (status.equals("Failed")) {
        continue;
      }
      ObjectNode config = configs.get(d.path("EndpointConfigName").asText());
      if (config == null) {
        synchronized (d) {
          d.put("EndpointStatus", "Failed");
          d.put("FailureReason", "its endpoint configuration no longer exists");
          endpoints.put(name, d);
        }
        continue;
      }
      int generation = d.path("LocalAwsGeneration").asInt() + 1;
      synchronized (d) {
        d.put("LocalAwsGeneration", generation);
        d.put("EndpointStatus", status.equals("Creating") ? "Creating" : "Updating");
        endpoints.put(name, d);
      }
      Live l = new Live(name);
      live.put(name, l);
      Thread.ofVirtual()
          .name("endpoint-" + name)
          .start(() -> deployFirst(l, config, generation, status));
    }
  }

  void close() {
    closing = true;
    List<Process> all = new ArrayList<>();
    for (Live l : live.values()) {
      Deployment dep = l.deployment;
      if (dep != null) {
        all.addAll(dep.processes());
      }
    }
    ChildProcesses.stopAll(all, 3_000);
  }

  private void deployFirst(Live l, ObjectNode config, int generation, String from) {
    ObjectNode d = endpoints.get(l.name);
    try {
      Deployment dep = deploy(l.name, config, generation);
      JsonNode weights = d.path("LocalAwsWeights");
      weights
          .fields()
          .forEachRemaining(
              w -> {
                Deployment.Variant v = dep.variant(w.getKey());
                if (v != null) {
                  v.weight = w.getValue().asDouble();
                }
              });
      l.deployment = dep;
      synchronized (d) {
        if (d.path("EndpointStatus").asText().equals("Deleting") || closing) {
          dep.stop();
          return;
        }
        d.put("EndpointStatus", "InService");
        d.put("LastModifiedTime", Arns.now());
        describeVariants(d, config, dep);
        pids(d, dep);
        endpoints.put(l.name, d);
      }
      LOG.info("endpoint {} InService ({} instance(s))", l.name, dep.instanceCount());
    } catch (Exception e) {
      synchronized (d) {
        if (d.path("EndpointStatus").asText().equals("Deleting")) {
          return;
        }
        d.put("EndpointStatus", "Failed");
        d.put("FailureReason", reason(e));
        d.put("LastModifiedTime", Arns.now());
        endpoints.put(l.name, d);
      }
      LOG.warn("endpoint {} failed ({}): {}", l.name, from, reason(e));
    }
  }

  private static String reason(Exception e) {
    return e instanceof SageMakerException || e instanceof EndpointStartException
        ? e.getMessage()
        : e.toString();
  }

  /** A serving process that did not become ready; the message is the endpoint's FailureReason. */
  static final class EndpointStartException extends Exception {
    EndpointStartException(String message) {
      super(message);
    }
  }

  /** Starts every instance of every variant and waits until all answer {@code /ping}. */
  private Deployment deploy(String endpoint, ObjectNode config, int generation) throws Exception {
    CaptureSettings capture = CaptureSettings.from(config.get("DataCaptureConfig"));
    List<Deployment.Variant> built = new ArrayList<>();
    try {
      for (JsonNode pv : config.path("ProductionVariants")) {
        String vn = pv.path("VariantName").asText();
        String modelName = pv.path("ModelName").asText();
        ObjectNode model = models.get(modelName);
        if (model == null) {
          throw new EndpointStartException(
              "Could not find model \"" + Arns.of("model", modelName) + "\".");
        }
        JsonNode container =
            model.has("PrimaryContainer")
                ? model.get("PrimaryContainer")
                : model.path("Containers").path(0);
        Path ml = dir.resolve(endpoint).resolve(generation + "-" + vn).resolve("ml");
        prepareModel(container.path("ModelDataUrl").asText(null), ml.resolve("model"));
        Deployment.Variant v =
            new Deployment.Variant(
                vn,
                modelName,
                container.path("Image").asText(null),
                ml,
                pv.path("InitialVariantWeight").asDouble(1.0));
        built.add(v);
        int count = pv.path("InitialInstanceCount").asInt(1);
        for (int i = 0; i < count; i++) {
          v.instances.add(startInstance(endpoint, v, container, i));
        }
      }
      for (Deployment.Variant v : built) {
        for (Deployment.Instance i : v.instances) {
          awaitReady(endpoint, v.name, i);
        }
      }
    } catch (Exception e) {
      for (Deployment.Variant v : built) {
        v.instances.forEach(i -> ChildProcesses.stop(i.process(), 2_000));
      }
      throw e;
    }
    return new Deployment(config.path("EndpointConfigName").asText(), generation, built, capture);
  }

  private void resize(String endpoint, Deployment.Variant v, int count) throws Exception {
    ObjectNode model = models.get(v.modelName);
    JsonNode container =
        model == null
            ? Json.mapper().createObjectNode()
            : model.has("PrimaryContainer")
                ? model.get("PrimaryContainer")
                : model.path("Containers").path(0);
    while (v.instances.size() < count) {
      Deployment.Instance i = startInstance(endpoint, v, container, v.instances.size());
      try {
        awaitReady(endpoint, v.name, i);
      } catch (Exception e) {
        ChildProcesses.stop(i.process(), 2_000);
        throw e;
      }
      v.instances.add(i);
    }
    while (v.instances.size() > count) {
      Deployment.Instance i = v.instances.remove(v.instances.size() - 1);
      ChildProcesses.stop(i.process(), 3_000);
    }
  }

  private void prepareModel(String modelDataUrl, Path modelDir) throws IOException {
    Files.createDirectories(modelDir);
    if (modelDataUrl == null || modelDataUrl.isBlank()) {
      return;
    }
    S3Location at = S3Location.parse(modelDataUrl);
    if (at.key().endsWith(".tar.gz") || at.key().endsWith(".tgz")) {
      if (objects.head(at.bucket(), at.key()) == null) {
        throw new IOException("model data " + modelDataUrl + " does not exist");
      }
      try (InputStream in = objects.get(at)) {
        ModelArchive.unpack(in, modelDir);
      }
    } else {
      objects.download(at, modelDir);
    }
  }

  private Deployment.Instance startInstance(
      String endpoint, Deployment.Variant v, JsonNode container, int index) throws IOException {
    int port = freePort();
    List<String> cmd = new ArrayList<>(commands.forImage(v.image));
    cmd.add("serve");
    Map<String, String> env = new HashMap<>();
    container
        .path("Environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    env.put("ML_ROOT", v.mlRoot.toString());
    env.put("SAGEMAKER_BIND_TO_PORT", String.valueOf(port));
    env.put("SAGEMAKER_ENDPOINT_NAME", endpoint);
    env.put("SAGEMAKER_VARIANT_NAME", v.name);
    Path log = v.mlRoot.getParent().resolve("instance-" + index + ".log");
    TrainingJobs.appendLog(log, "local-aws: running " + String.join(" ", cmd) + " on port " + port);
    Process p = ChildProcesses.start(cmd, env, v.mlRoot.getParent(), log);
    return new Deployment.Instance(p, port, log);
  }

  private void awaitReady(String endpoint, String variant, Deployment.Instance i)
      throws EndpointStartException, InterruptedException {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + i.port() + "/ping"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    while (System.nanoTime() < deadline) {
      if (closing) {
        throw new EndpointStartException("local-aws is stopping");
      }
      if (!i.process().isAlive()) {
        throw new EndpointStartException(
            "The primary container for production variant "
                + variant
                + " did not pass the ping health check: the serving process exited with code "
                + i.process().exitValue()
                + lastWords(i.log())
                + " (log: "
                + i.log()
                + ")");
      }
      try {
        HttpResponse<Void> r = ping.send(req, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new EndpointStartException(
        "The primary container for production variant "
            + variant
            + " did not pass the ping health check within "
            + readyTimeout.toSeconds()
            + " s (log: "
            + i.log()
            + ")");
  }

  /** How much of a log's end {@link #lastWords} reads. */
  static final int LAST_WORDS_TAIL = 8192;

  /**
   * The last line the serving process wrote before it exited (why it could not start: a port taken,
   * a model it cannot load), for the endpoint's FailureReason; empty when it wrote none.
   */
  static String lastWords(Path log) {
    // only the log's tail: a process that served for days before it exited wrote a long one
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, f.length() - LAST_WORDS_TAIL);
      byte[] tail = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(tail);
      // decoded leniently: a cut through a multi-byte character or odd bytes must not lose the line
      String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
      for (int k = lines.length - 1; k >= (from > 0 ? 1 : 0); k--) {
        String line = lines[k].strip();
        if (!line.isEmpty() && !line.startsWith("local-aws:")) {
          return ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the reason stays without it
    }
    return "";
  }

  private static int instances(ObjectNode config) {
    int n = 0;
    for (JsonNode pv : config.path("ProductionVariants")) {
      n += pv.path("InitialInstanceCount").asInt(1);
    }
    return n;
  }

  private void checkCapacity(int wanted, int freedLater) {
    int running = 0;
    for (Live l : live.values()) {
      Deployment dep = l.deployment;
      running += dep == null ? 0 : dep.instanceCount();
    }
    if (running + wanted > maxInstances + freedLater) {
      throw new SageMakerException(
          "ResourceLimitExceeded",
          "The account-level service limit 'endpoint instances' is "
              + maxInstances
              + " Instances, with current utilization of "
              + running
              + " Instances and a request delta of "
              + wanted
              + " Instances. local-aws runs every instance as a process on this machine.");
    }
  }

  private static void pids(ObjectNode d, Deployment dep) {
    ArrayNode a = d.putArray("LocalAwsPids");
    dep.pids().forEach(a::add);
  }

  /** The description's ProductionVariants and DataCaptureConfig, as DescribeEndpoint shows them. */
  private void describeVariants(ObjectNode d, ObjectNode config, Deployment dep) {
    ArrayNode out = d.putArray("ProductionVariants");
    if (config == null) {
      return;
    }
    for (JsonNode pv : config.path("ProductionVariants")) {
      String vn = pv.path("VariantName").asText();
      Deployment.Variant v = dep == null ? null : dep.variant(vn);
      ObjectNode o = out.addObject();
      o.put("VariantName", vn);
      ObjectNode model = models.get(pv.path("ModelName").asText());
      if (model != null) {
        JsonNode c =
            model.has("PrimaryContainer")
                ? model.get("PrimaryContainer")
                : model.path("Containers").path(0);
        ObjectNode img = o.putArray("DeployedImages").addObject();
        img.put("SpecifiedImage", c.path("Image").asText(""));
        img.put("ResolvedImage", c.path("Image").asText(""));
        img.put("ResolutionTime", Arns.now());
      }
      double weight = v != null ? v.weight : pv.path("InitialVariantWeight").asDouble(1.0);
      int count = v != null ? v.instances.size() : pv.path("InitialInstanceCount").asInt(1);
      o.put("CurrentWeight", weight);
      o.put("DesiredWeight", weight);
      o.put("CurrentInstanceCount", count);
      o.put("DesiredInstanceCount", count);
    }
    JsonNode dc = config.get("DataCaptureConfig");
    if (dc != null && dc.isObject()) {
      ObjectNode s = d.putObject("DataCaptureConfig");
      boolean enabled = dc.path("EnableCapture").asBoolean(true);
      s.put("EnableCapture", enabled);
      s.put("CaptureStatus", enabled ? "Started" : "Stopped");
      s.put("CurrentSamplingPercentage", dc.path("InitialSamplingPercentage").asInt(100));
      s.put("DestinationS3Uri", dc.path("DestinationS3Uri").asText());
    } else {
      d.remove("DataCaptureConfig");
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
