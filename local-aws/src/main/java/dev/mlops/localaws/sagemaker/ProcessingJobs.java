package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.s3.ObjectStore;
import dev.mlops.localaws.s3.ObjectStore.S3Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processing jobs: inputs downloaded from S3 to their {@code LocalPath} ({@code /opt/ml/...} maps
 * to the job's ML root), the image's command (or {@code ContainerEntrypoint}) with {@code
 * ContainerArguments}, outputs uploaded from their {@code LocalPath} to S3 when the job succeeds.
 */
final class ProcessingJobs {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessingJobs.class);
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");

  private final Path jobsDir;
  private final ResourceStore store;
  private final ObjectStore objects;
  private final ContainerCommands commands;
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Map<String, Boolean> stopRequested = new ConcurrentHashMap<>();
  private volatile boolean closing;

  ProcessingJobs(
      Path jobsDir, ResourceStore store, ObjectStore objects, ContainerCommands commands) {
    this.jobsDir = jobsDir;
    this.store = store;
    this.objects = objects;
    this.commands = commands;
  }

  ObjectNode create(ObjectNode req) {
    String name = Requests.text(req, "ProcessingJobName", "processingJobName");
    if (!NAME.matcher(name).matches()) {
      throw SageMakerException.validation(
          "1 validation error detected: Value '"
              + name
              + "' at 'processingJobName' failed to satisfy constraint: Member must satisfy"
              + " regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    }
    JsonNode app = Requests.object(req, "AppSpecification", "appSpecification");
    Requests.text(app, "ImageUri", "appSpecification.imageUri");
    Requests.object(req, "ProcessingResources", "processingResources");
    Requests.text(req, "RoleArn", "roleArn");
    Path ml = jobsDir.resolve(name).resolve("ml");
    for (JsonNode in : req.path("ProcessingInputs")) {
      Requests.text(in, "InputName", "processingInputs.member.inputName");
      JsonNode s3 = in.path("S3Input");
      if (!s3.isObject()) {
        throw SageMakerException.validation(
            "local-aws supports S3Input processing inputs only (input "
                + in.path("InputName").asText()
                + ")");
      }
      S3Location.parse(Requests.text(s3, "S3Uri", "processingInputs.member.s3Input.s3Uri"));
      ChildProcesses.local(
          ml, Requests.text(s3, "LocalPath", "processingInputs.member.s3Input.localPath"));
    }
    for (JsonNode out : req.path("ProcessingOutputConfig").path("Outputs")) {
      Requests.text(out, "OutputName", "processingOutputConfig.outputs.member.outputName");
      JsonNode s3 =
          Requests.object(out, "S3Output", "processingOutputConfig.outputs.member.s3Output");
      S3Location.parse(
          Requests.text(s3, "S3Uri", "processingOutputConfig.outputs.member.s3Output.s3Uri"));
      ChildProcesses.local(
          ml,
          Requests.text(
              s3, "LocalPath", "processingOutputConfig.outputs.member.s3Output.localPath"));
    }

    ObjectNode d = req.deepCopy();
    String arn = Arns.of("processing-job", name);
    double now = Arns.now();
    d.put("ProcessingJobArn", arn);
    d.put("ProcessingJobStatus", "InProgress");
    d.put("CreationTime", now);
    d.put("LastModifiedTime", now);
    d.put("LocalAwsLogPath", jobsDir.resolve(name).resolve("job.log").toString());
    if (!store.create(name, d)) {
      throw SageMakerException.inUse(
          "Job name must be unique within an AWS account and region, and a job with this name"
              + " already exists ("
              + arn
              + ")");
    }
    Thread.ofVirtual().name("processing-" + name).start(() -> run(name));
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("ProcessingJobArn", arn);
    return r;
  }

  ObjectNode describe(String name) {
    ObjectNode d = store.get(name);
    if (d == null) {
      throw SageMakerException.notFound("Could not find requested job with name " + name);
    }
    synchronized (d) {
      return d.deepCopy();
    }
  }

  void stop(String name) {
    ObjectNode d = store.get(name);
    if (d == null) {
      throw SageMakerException.notFound("Could not find requested job with name " + name);
    }
    synchronized (d) {
      if (!d.path("ProcessingJobStatus").asText().equals("InProgress")) {
        throw SageMakerException.validation(
            "The request was rejected because the processing job is in status "
                + d.path("ProcessingJobStatus").asText()
                + ".");
      }
      d.put("ProcessingJobStatus", "Stopping");
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
    for (ObjectNode d :
        Listing.filter(store.all(), req, "ProcessingJobName", "ProcessingJobStatus")) {
      ObjectNode s = Json.mapper().createObjectNode();
      for (String f :
          List.of(
              "ProcessingJobName",
              "ProcessingJobArn",
              "CreationTime",
              "ProcessingEndTime",
              "LastModifiedTime",
              "ProcessingJobStatus",
              "FailureReason",
              "ExitMessage")) {
        if (d.has(f)) {
          s.set(f, d.get(f));
        }
      }
      rows.add(s);
    }
    return Listing.page(rows, req, "ProcessingJobSummaries");
  }

  void restore() {
    for (ObjectNode d : store.all()) {
      String status = d.path("ProcessingJobStatus").asText();
      if (status.equals("InProgress") || status.equals("Stopping")) {
        ChildProcesses.killOrphan(d.path("LocalAwsPid").asLong(-1), commandFor(d));
        finish(
            d.path("ProcessingJobName").asText(),
            d,
            "Failed",
            "local-aws restarted while the job ran",
            null);
      }
    }
  }

  /** Stops running jobs, leaving them InProgress on disk: the next start fails them. */
  void close() {
    closing = true;
    running.keySet().forEach(name -> stopRequested.put(name, true));
    ChildProcesses.stopAll(List.copyOf(running.values()), 3_000);
  }

  private List<String> commandFor(ObjectNode d) {
    JsonNode app = d.path("AppSpecification");
    JsonNode entry = app.path("ContainerEntrypoint");
    List<String> cmd = new ArrayList<>();
    if (entry.isArray() && !entry.isEmpty()) {
      entry.forEach(e -> cmd.add(e.asText()));
    } else {
      cmd.addAll(commands.forImage(app.path("ImageUri").asText(null)));
    }
    return cmd;
  }

  private void run(String name) {
    ObjectNode d = store.get(name);
    Path dir = jobsDir.resolve(name);
    Path ml = dir.resolve("ml");
    Path log = dir.resolve("job.log");
    try {
      Files.createDirectories(ml.resolve("output"));
      for (JsonNode in : d.path("ProcessingInputs")) {
        JsonNode s3 = in.path("S3Input");
        String uri = s3.path("S3Uri").asText();
        Path local = ChildProcesses.local(ml, s3.path("LocalPath").asText());
        int n = objects.download(S3Location.parse(uri), local);
        TrainingJobs.appendLog(
            log,
            "local-aws: input "
                + in.path("InputName").asText()
                + ": "
                + n
                + " file(s) from "
                + uri);
      }
      for (JsonNode out : d.path("ProcessingOutputConfig").path("Outputs")) {
        Files.createDirectories(
            ChildProcesses.local(ml, out.path("S3Output").path("LocalPath").asText()));
      }
      Path config = ml.resolve("config");
      Files.createDirectories(config);
      Json.write(config.resolve("processingjobconfig.json"), d);
      if (Boolean.TRUE.equals(stopRequested.get(name))) {
        finish(name, d, "Stopped", null, null);
        return;
      }
      List<String> cmd = commandFor(d);
      d.path("AppSpecification").path("ContainerArguments").forEach(a -> cmd.add(a.asText()));
      Map<String, String> env = new HashMap<>();
      d.path("Environment")
          .fields()
          .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      env.put("ML_ROOT", ml.toString());
      env.put("PROCESSING_JOB_NAME", name);
      TrainingJobs.appendLog(log, "local-aws: running " + String.join(" ", cmd));
      Process p = ChildProcesses.start(cmd, env, dir, log);
      running.put(name, p);
      synchronized (d) {
        d.put("ProcessingStartTime", Arns.now());
        d.put("LocalAwsPid", p.pid());
        store.put(name, d);
      }
      int exit = p.waitFor();
      running.remove(name);
      TrainingJobs.appendLog(log, "local-aws: exit code " + exit);
      if (closing) {
        return;
      }
      if (Boolean.TRUE.equals(stopRequested.get(name))) {
        finish(name, d, "Stopped", null, null);
        return;
      }
      String message = ChildProcesses.reason(ml.resolve("output/message"));
      if (exit != 0) {
        finish(name, d, "Failed", message != null ? message : "exit code " + exit, message);
        return;
      }
      for (JsonNode out : d.path("ProcessingOutputConfig").path("Outputs")) {
        JsonNode s3 = out.path("S3Output");
        Path local = ChildProcesses.local(ml, s3.path("LocalPath").asText());
        int n = objects.upload(local, S3Location.parse(s3.path("S3Uri").asText()));
        TrainingJobs.appendLog(
            log, "local-aws: output " + out.path("OutputName").asText() + ": " + n + " file(s)");
      }
      finish(name, d, "Completed", null, message);
    } catch (Exception e) {
      running.remove(name);
      LOG.warn("processing job {} failed in local-aws", name, e);
      TrainingJobs.appendLog(log, "local-aws: " + e);
      finish(name, d, "Failed", "InternalServerError: " + e.getMessage(), null);
    }
  }

  private void finish(String name, ObjectNode d, String status, String reason, String exitMessage) {
    synchronized (d) {
      double now = Arns.now();
      d.put("ProcessingJobStatus", status);
      d.put("ProcessingEndTime", now);
      d.put("LastModifiedTime", now);
      if (!d.has("ProcessingStartTime")) {
        d.put("ProcessingStartTime", now);
      }
      if (reason != null) {
        d.put("FailureReason", reason);
      }
      if (exitMessage != null) {
        d.put("ExitMessage", exitMessage);
      }
      d.remove("LocalAwsPid");
      store.put(name, d);
    }
    stopRequested.remove(name);
    LOG.info("processing job {} {}{}", name, status, reason == null ? "" : ": " + reason);
  }
}
