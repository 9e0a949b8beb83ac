package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.s3.ObjectStore;
import dev.mlops.localaws.s3.ObjectStore.S3Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training jobs: the image's command with {@code train}, the {@code /opt/ml} layout in {@code
 * <data>/sagemaker/jobs/<name>/ml}, channels downloaded from S3, {@code model/} packed into {@code
 * <S3OutputPath>/<name>/output/model.tar.gz}. The container's output goes to {@code <job>/job.log},
 * whose path the description carries as {@code LocalAwsLogPath}.
 */
final class TrainingJobs {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingJobs.class);
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");

  private final Path jobsDir;
  private final ResourceStore store;
  private final ObjectStore objects;
  private final ContainerCommands commands;
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Map<String, Boolean> stopRequested = new ConcurrentHashMap<>();
  private volatile boolean closing;

  TrainingJobs(Path jobsDir, ResourceStore store, ObjectStore objects, ContainerCommands commands) {
    this.jobsDir = jobsDir;
    this.store = store;
    this.objects = objects;
    this.commands = commands;
  }

  ObjectNode create(ObjectNode req) {
    String name = Requests.text(req, "TrainingJobName", "trainingJobName");
    if (!NAME.matcher(name).matches()) {
      throw SageMakerException.validation(
          "1 validation error detected: Value '"
              + name
              + "' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    }
    JsonNode algo = Requests.object(req, "AlgorithmSpecification", "algorithmSpecification");
    Requests.text(req, "RoleArn", "roleArn");
    JsonNode output = Requests.object(req, "OutputDataConfig", "outputDataConfig");
    String outputPath = Requests.text(output, "S3OutputPath", "outputDataConfig.s3OutputPath");
    S3Location.parse(outputPath);
    Requests.object(req, "ResourceConfig", "resourceConfig");
    Requests.object(req, "StoppingCondition", "stoppingCondition");
    for (JsonNode ch : req.path("InputDataConfig")) {
      Requests.text(ch, "ChannelName", "inputDataConfig.member.channelName");
      Requests.text(
          ch.path("DataSource").path("S3DataSource"),
          "S3Uri",
          "inputDataConfig.member.dataSource.s3DataSource.s3Uri");
    }
    String image = algo.path("TrainingImage").asText(null);
    if (image == null && algo.path("AlgorithmName").isMissingNode()) {
      throw SageMakerException.validation("Either TrainingImage or AlgorithmName must be given");
    }

    ObjectNode d = req.deepCopy();
    String arn = Arns.of("training-job", name);
    double now = Arns.now();
    d.put("TrainingJobArn", arn);
    d.put("TrainingJobStatus", "InProgress");
    d.put("SecondaryStatus", "Starting");
    d.put("CreationTime", now);
    d.put("LastModifiedTime", now);
    d.putArray("SecondaryStatusTransitions");
    transition(d, "Starting", "Preparing the instances for training");
    d.put("LocalAwsLogPath", jobDir(name).resolve("job.log").toString());
    if (!store.create(name, d)) {
      throw SageMakerException.inUse(
          "Training job names must be unique within an AWS account and region, and a training job"
              + " with this name already exists ("
              + arn
              + ")");
    }
    Thread.ofVirtual().name("training-" + name).start(() -> run(name));
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("TrainingJobArn", arn);
    return r;
  }

  ObjectNode describe(String name) {
    ObjectNode d = store.get(name);
    if (d == null) {
      throw SageMakerException.notFound("Requested resource not found.");
    }
    synchronized (d) {
      return d.deepCopy();
    }
  }

  void stop(String name) {
    ObjectNode d = store.get(name);
    if (d == null) {
      throw SageMakerException.notFound("Requested resource not found.");
    }
    synchronized (d) {
      if (!d.path("TrainingJobStatus").asText().equals("InProgress")) {
        throw SageMakerException.validation(
            "The request was rejected because the training job is in status "
                + d.path("TrainingJobStatus").asText()
                + ".");
      }
      d.put("TrainingJobStatus", "Stopping");
      d.put("SecondaryStatus", "Stopping");
      d.put("LastModifiedTime", Arns.now());
      store.put(name, d);
    }
    stopRequested.put(name, true);
    Process p = running.get(name);
    if (p != null) {
      Thread.ofVirtual().start(() -> ChildProcesses.stop(p, 5_000));
    }
  }

  ObjectNode list(ObjectNode req) {
    List<ObjectNode> rows = new ArrayList<>();
    for (ObjectNode d : Listing.filter(store.all(), req, "TrainingJobName", "TrainingJobStatus")) {
      ObjectNode s = Json.mapper().createObjectNode();
      for (String f :
          List.of(
              "TrainingJobName",
              "TrainingJobArn",
              "CreationTime",
              "TrainingEndTime",
              "LastModifiedTime",
              "TrainingJobStatus")) {
        if (d.has(f)) {
          s.set(f, d.get(f));
        }
      }
      rows.add(s);
    }
    return Listing.page(rows, req, "TrainingJobSummaries");
  }

  /** Jobs that were running when local-aws died cannot be resumed: they fail. */
  void restore() {
    for (ObjectNode d : store.all()) {
      String status = d.path("TrainingJobStatus").asText();
      if (status.equals("InProgress") || status.equals("Stopping")) {
        String name = d.path("TrainingJobName").asText();
        ChildProcesses.killOrphan(d.path("LocalAwsPid").asLong(-1), commandFor(d));
        finish(name, d, "Failed", "local-aws restarted while the job ran", null);
      }
    }
  }

  /** Stops running jobs, leaving them InProgress on disk: the next start fails them. */
  void close() {
    closing = true;
    running.keySet().forEach(name -> stopRequested.put(name, true));
    ChildProcesses.stopAll(List.copyOf(running.values()), 3_000);
  }

  private Path jobDir(String name) {
    return jobsDir.resolve(name);
  }

  private List<String> commandFor(ObjectNode d) {
    return commands.forImage(d.path("AlgorithmSpecification").path("TrainingImage").asText(null));
  }

  private void run(String name) {
    ObjectNode d = store.get(name);
    Path dir = jobDir(name);
    Path ml = dir.resolve("ml");
    Path log = dir.resolve("job.log");
    try {
      Files.createDirectories(ml);
      secondary(name, d, "Downloading", "Downloading input data");
      for (JsonNode ch : d.path("InputDataConfig")) {
        String channel = ch.path("ChannelName").asText();
        String uri = ch.path("DataSource").path("S3DataSource").path("S3Uri").asText();
        int n = objects.download(S3Location.parse(uri), ml.resolve("input/data").resolve(channel));
        appendLog(log, "local-aws: channel " + channel + ": " + n + " file(s) from " + uri);
      }
      Path config = ml.resolve("input/config");
      Files.createDirectories(config);
      JsonNode hp = d.path("HyperParameters");
      Json.write(
          config.resolve("hyperparameters.json"),
          hp.isObject() ? hp : Json.mapper().createObjectNode());
      ObjectNode inputConfig = Json.mapper().createObjectNode();
      for (JsonNode ch : d.path("InputDataConfig")) {
        ObjectNode c = inputConfig.putObject(ch.path("ChannelName").asText());
        c.put("TrainingInputMode", "File");
        if (ch.has("ContentType")) {
          c.set("ContentType", ch.get("ContentType"));
        }
      }
      Json.write(config.resolve("inputdataconfig.json"), inputConfig);
      ObjectNode resource = Json.mapper().createObjectNode();
      resource.put("current_host", "algo-1");
      resource.putArray("hosts").add("algo-1");
      Json.write(config.resolve("resourceconfig.json"), resource);
      Files.createDirectories(ml.resolve("model"));
      Files.createDirectories(ml.resolve("output/data"));
      if (Boolean.TRUE.equals(stopRequested.get(name))) {
        finish(name, d, "Stopped", null, null);
        return;
      }

      List<String> cmd = new ArrayList<>(commandFor(d));
      cmd.add("train");
      Map<String, String> env = new HashMap<>();
      d.path("Environment")
          .fields()
          .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      env.put("ML_ROOT", ml.toString());
      env.put("TRAINING_JOB_NAME", name);
      env.put("TRAINING_JOB_ARN", d.path("TrainingJobArn").asText());
      appendLog(log, "local-aws: running " + String.join(" ", cmd));
      Process p = ChildProcesses.start(cmd, env, dir, log);
      running.put(name, p);
      synchronized (d) {
        d.put("TrainingStartTime", Arns.now());
        d.put("LocalAwsPid", p.pid());
      }
      secondary(name, d, "Training", "Training image download completed. Training in progress.");
      int exit = p.waitFor();
      running.remove(name);
      appendLog(log, "local-aws: exit code " + exit);
      if (closing) {
        return;
      }
      metrics(d, log);
      if (Boolean.TRUE.equals(stopRequested.get(name))) {
        finish(name, d, "Stopped", null, null);
        return;
      }
      if (exit != 0) {
        String reason = ChildProcesses.reason(ml.resolve("output/failure"));
        finish(name, d, "Failed", reason != null ? reason : "exit code " + exit, null);
        return;
      }
      secondary(name, d, "Uploading", "Uploading generated training model");
      S3Location base =
          S3Location.parse(d.path("OutputDataConfig").path("S3OutputPath").asText())
              .child(name)
              .child("output");
      Path archive = dir.resolve("model.tar.gz");
      ModelArchive.pack(ml.resolve("model"), archive);
      S3Location model = base.child("model.tar.gz");
      objects.put(model, archive);
      Path outputData = ml.resolve("output/data");
      try (var files = Files.list(outputData)) {
        if (files.findAny().isPresent()) {
          Path out = dir.resolve("output.tar.gz");
          ModelArchive.pack(outputData, out);
          objects.put(base.child("output.tar.gz"), out);
        }
      }
      finish(name, d, "Completed", null, model.toString());
    } catch (Exception e) {
      running.remove(name);
      LOG.warn("training job {} failed in local-aws", name, e);
      appendLog(log, "local-aws: " + e);
      finish(name, d, "Failed", "InternalServerError: " + e.getMessage(), null);
    }
  }

  private void metrics(ObjectNode d, Path log) {
    JsonNode defs = d.path("AlgorithmSpecification").path("MetricDefinitions");
    if (!defs.isArray() || defs.isEmpty()) {
      return;
    }
    String text;
    try {
      text = Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return;
    }
    synchronized (d) {
      ArrayNode out = d.putArray("FinalMetricDataList");
      for (JsonNode def : defs) {
        try {
          Matcher m = Pattern.compile(def.path("Regex").asText()).matcher(text);
          String last = null;
          while (m.find()) {
            last = m.groupCount() >= 1 ? m.group(1) : m.group();
          }
          if (last != null) {
            ObjectNode md = out.addObject();
            md.put("MetricName", def.path("Name").asText());
            md.put("Value", Double.parseDouble(last));
            md.put("Timestamp", Arns.now());
          }
        } catch (PatternSyntaxException | NumberFormatException e) {
          // SageMaker ignores metrics it cannot parse
        }
      }
    }
  }

  private void secondary(String name, ObjectNode d, String status, String message) {
    synchronized (d) {
      d.put("SecondaryStatus", status);
      d.put("LastModifiedTime", Arns.now());
      transition(d, status, message);
      store.put(name, d);
    }
  }

  private static void transition(ObjectNode d, String status, String message) {
    ArrayNode t = (ArrayNode) d.get("SecondaryStatusTransitions");
    double now = Arns.now();
    if (!t.isEmpty()) {
      ((ObjectNode) t.get(t.size() - 1)).put("EndTime", now);
    }
    ObjectNode n = t.addObject();
    n.put("Status", status);
    n.put("StartTime", now);
    n.put("StatusMessage", message);
  }

  private void finish(String name, ObjectNode d, String status, String reason, String model) {
    synchronized (d) {
      double now = Arns.now();
      d.put("TrainingJobStatus", status);
      d.put("SecondaryStatus", status);
      transition(d, status, reason != null ? reason : status);
      ((ObjectNode)
              d.get("SecondaryStatusTransitions")
                  .get(d.get("SecondaryStatusTransitions").size() - 1))
          .put("EndTime", now);
      d.put("TrainingEndTime", now);
      d.put("LastModifiedTime", now);
      if (!d.has("TrainingStartTime")) {
        d.put("TrainingStartTime", now);
      }
      long seconds = Math.max(1, Math.round(now - d.path("TrainingStartTime").asDouble(now)));
      d.put("TrainingTimeInSeconds", seconds);
      d.put("BillableTimeInSeconds", seconds);
      if (reason != null) {
        d.put("FailureReason", reason);
      }
      if (model != null) {
        d.putObject("ModelArtifacts").put("S3ModelArtifacts", model);
      }
      d.remove("LocalAwsPid");
      store.put(name, d);
    }
    stopRequested.remove(name);
    LOG.info("training job {} {}{}", name, status, reason == null ? "" : ": " + reason);
  }

  static void appendLog(Path log, String line) {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          line + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the log is a convenience
    }
  }
}
