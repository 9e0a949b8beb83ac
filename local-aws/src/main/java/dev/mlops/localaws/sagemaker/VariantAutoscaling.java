package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import dev.mlops.localaws.LocalAwsOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application Auto Scaling for SageMaker endpoint variants ({@code X-Amz-Target:
 * AnyScaleFrontendService.<Action>}, AWS JSON 1.1): scalable targets on {@code
 * sagemaker:variant:DesiredInstanceCount}, target-tracking policies on the predefined metric {@code
 * SageMakerVariantInvocationsPerInstance}, and the scaling they ask for, applied to the local
 * endpoint's serving processes. Every evaluation period (a minute, as CloudWatch's metric, unless
 * the options say otherwise) each policy reads the variant's invocations per instance per minute
 * since the last evaluation and sets the instance count to {@code ceil(instances * metric /
 * target)} within the target's capacity, after the policy's cool-down; a target registered with a
 * range the variant is outside of is moved into it at once, as AWS does. Targets and policies are
 * kept under {@code <data>/sagemaker/state/scalable-targets}, so a restart keeps them.
 */
final class VariantAutoscaling implements Handler<HttpServerRequest>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VariantAutoscaling.class);

  static final String TARGET_PREFIX = "AnyScaleFrontendService.";
  static final String DIMENSION = "sagemaker:variant:DesiredInstanceCount";
  static final String METRIC = "SageMakerVariantInvocationsPerInstance";
  private static final Pattern RESOURCE = Pattern.compile("^endpoint/([^/]+)/variant/([^/]+)$");
  private static final int ACTIVITIES_KEPT = 200;

  private final Vertx vertx;
  private final ResourceStore targets;
  private final Endpoints endpoints;
  private final long timer;

  /** Per resource id: the invocation count and time at the last evaluation. */
  private final Map<String, long[]> lastSeen = new HashMap<>();

  /** Per resource id: when the scaler last changed its capacity. */
  private final Map<String, Instant> lastScaled = new HashMap<>();

  private final Deque<ObjectNode> activities = new ArrayDeque<>();

  VariantAutoscaling(Vertx vertx, ResourceStore targets, Endpoints endpoints, Duration period) {
    this.vertx = vertx;
    this.targets = targets;
    this.endpoints = endpoints;
    this.timer =
        vertx.setPeriodic(
            period.toMillis(),
            id ->
                vertx.executeBlocking(
                    () -> {
                      evaluate(Instant.now());
                      return null;
                    },
                    true));
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }

  @Override
  public void handle(HttpServerRequest req) {
    SageMakerApi.serve(
        vertx,
        req,
        TARGET_PREFIX,
        "Application Auto Scaling",
        "InternalServiceException",
        this::dispatch);
  }

  private ObjectNode dispatch(String action, ObjectNode r) {
    return switch (action) {
      case "RegisterScalableTarget" -> register(r);
      case "DeregisterScalableTarget" -> deregister(r);
      case "DescribeScalableTargets" -> describeTargets(r);
      case "PutScalingPolicy" -> putPolicy(r);
      case "DeleteScalingPolicy" -> deletePolicy(r);
      case "DescribeScalingPolicies" -> describePolicies(r);
      case "DescribeScalingActivities" -> describeActivities(r);
      default ->
          throw new SageMakerException(
              "UnknownOperationException",
              "local-aws does not implement Application Auto Scaling's " + action);
    };
  }

  // --- the API ---------------------------------------------------------------------------------

  private synchronized ObjectNode register(ObjectNode r) {
    String resource = resourceOf(r);
    ObjectNode existing = targets.get(key(resource));
    boolean fresh = existing == null;
    if (fresh && (!r.has("MinCapacity") || !r.has("MaxCapacity"))) {
      throw invalid("MinCapacity and MaxCapacity are required to register a new scalable target");
    }
    int min =
        r.has("MinCapacity") ? r.path("MinCapacity").asInt() : existing.path("MinCapacity").asInt();
    int max =
        r.has("MaxCapacity") ? r.path("MaxCapacity").asInt() : existing.path("MaxCapacity").asInt();
    if (min < 0 || max < min) {
      throw invalid(
          "MinCapacity (" + min + ") must be at least 0 and at most MaxCapacity (" + max + ")");
    }
    ObjectNode t = fresh ? Json.mapper().createObjectNode() : existing.deepCopy();
    t.put("ServiceNamespace", "sagemaker");
    t.put("ResourceId", resource);
    t.put("ScalableDimension", DIMENSION);
    t.put("MinCapacity", min);
    t.put("MaxCapacity", max);
    t.put("RoleARN", r.path("RoleARN").asText(t.path("RoleARN").asText(roleArn())));
    t.put("ScalableTargetARN", t.path("ScalableTargetARN").asText(targetArn()));
    if (fresh) {
      t.put("CreationTime", Arns.now());
      t.putArray("Policies");
    }
    targets.put(key(resource), t);
    LOG.info("scalable target {}: {}-{} instances", resource, min, max);
    // AWS moves a target outside its new range into it at once
    int current = instances(resource);
    if (current > 0 && inRange(t, current) != current && inService(resource)) {
      scale(t, current, inRange(t, current), "the capacity range", Instant.now());
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("ScalableTargetARN", t.path("ScalableTargetARN").asText());
    return out;
  }

  private synchronized ObjectNode deregister(ObjectNode r) {
    String resource = resourceOf(r);
    if (targets.get(key(resource)) == null) {
      throw noTarget(resource);
    }
    targets.remove(key(resource));
    lastSeen.remove(resource);
    lastScaled.remove(resource);
    LOG.info("scalable target {} deregistered", resource);
    return Json.mapper().createObjectNode();
  }

  private synchronized ObjectNode describeTargets(ObjectNode r) {
    namespace(r);
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode list = out.putArray("ScalableTargets");
    JsonNode ids = r.path("ResourceIds");
    for (ObjectNode t : targets.all()) {
      if (ids.isArray() && !ids.isEmpty() && !contains(ids, t.path("ResourceId").asText())) {
        continue;
      }
      ObjectNode copy = t.deepCopy();
      copy.remove("Policies");
      list.add(copy);
    }
    return out;
  }

  private synchronized ObjectNode putPolicy(ObjectNode r) {
    String resource = resourceOf(r);
    String name = required(r, "PolicyName");
    ObjectNode t = targets.get(key(resource));
    if (t == null) {
      throw noTarget(resource);
    }
    if (!"TargetTrackingScaling".equals(r.path("PolicyType").asText("StepScaling"))) {
      throw invalid("local-aws supports the TargetTrackingScaling policy type only");
    }
    JsonNode config = r.path("TargetTrackingScalingPolicyConfiguration");
    if (!config.isObject()) {
      throw invalid("TargetTrackingScalingPolicyConfiguration is required");
    }
    double target = config.path("TargetValue").asDouble(Double.NaN);
    if (!(target > 0) || Double.isInfinite(target)) {
      throw invalid("TargetValue must be a positive number");
    }
    String metric =
        config.path("PredefinedMetricSpecification").path("PredefinedMetricType").asText();
    if (!METRIC.equals(metric)) {
      throw invalid(
          "local-aws tracks the predefined metric " + METRIC + " only, not '" + metric + "'");
    }
    for (String cooldown : new String[] {"ScaleInCooldown", "ScaleOutCooldown"}) {
      if (config.has(cooldown) && config.path(cooldown).asInt(-1) < 0) {
        throw invalid(cooldown + " must be a number of seconds, at least 0");
      }
    }
    ObjectNode updated = t.deepCopy();
    ArrayNode policies = (ArrayNode) updated.get("Policies");
    ObjectNode p = null;
    for (int i = 0; i < policies.size(); i++) {
      if (policies.get(i).path("PolicyName").asText().equals(name)) {
        p = (ObjectNode) policies.get(i);
      }
    }
    if (p == null) {
      p = policies.addObject();
      p.put("PolicyName", name);
      p.put("PolicyARN", policyArn(resource, name));
      p.put("CreationTime", Arns.now());
    }
    p.put("ServiceNamespace", "sagemaker");
    p.put("ResourceId", resource);
    p.put("ScalableDimension", DIMENSION);
    p.put("PolicyType", "TargetTrackingScaling");
    p.set("TargetTrackingScalingPolicyConfiguration", config.deepCopy());
    p.putArray("Alarms");
    targets.put(key(resource), updated);
    LOG.info("scaling policy {} on {}: {} {} per instance", name, resource, target, METRIC);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("PolicyARN", p.path("PolicyARN").asText());
    out.putArray("Alarms");
    return out;
  }

  private synchronized ObjectNode deletePolicy(ObjectNode r) {
    String resource = resourceOf(r);
    String name = required(r, "PolicyName");
    ObjectNode t = targets.get(key(resource));
    ObjectNode updated = t == null ? null : t.deepCopy();
    ArrayNode policies = updated == null ? null : (ArrayNode) updated.get("Policies");
    for (int i = 0; policies != null && i < policies.size(); i++) {
      if (policies.get(i).path("PolicyName").asText().equals(name)) {
        policies.remove(i);
        targets.put(key(resource), updated);
        return Json.mapper().createObjectNode();
      }
    }
    throw notFound(
        "No scaling policy found for service namespace: sagemaker, resource ID: "
            + resource
            + ", scalable dimension: "
            + DIMENSION
            + ", policy name: "
            + name);
  }

  private synchronized ObjectNode describePolicies(ObjectNode r) {
    namespace(r);
    String resource = r.path("ResourceId").asText(null);
    JsonNode names = r.path("PolicyNames");
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode list = out.putArray("ScalingPolicies");
    for (ObjectNode t : targets.all()) {
      if (resource != null && !resource.equals(t.path("ResourceId").asText())) {
        continue;
      }
      for (JsonNode p : t.path("Policies")) {
        if (names.isArray()
            && !names.isEmpty()
            && !contains(names, p.path("PolicyName").asText())) {
          continue;
        }
        list.add(p.deepCopy());
      }
    }
    return out;
  }

  private synchronized ObjectNode describeActivities(ObjectNode r) {
    namespace(r);
    String resource = r.path("ResourceId").asText(null);
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode list = out.putArray("ScalingActivities");
    for (ObjectNode a : activities) {
      if (resource == null || resource.equals(a.path("ResourceId").asText())) {
        list.add(a.deepCopy());
      }
    }
    return out;
  }

  // --- the scaler ------------------------------------------------------------------------------

  /** One evaluation of every target-tracking policy (package-private for tests). */
  synchronized void evaluate(Instant now) {
    for (ObjectNode t : targets.all()) {
      String resource = t.path("ResourceId").asText();
      Deployment.Variant v = variant(resource);
      if (v == null || v.instances.isEmpty()) {
        lastSeen.remove(resource);
        continue;
      }
      if (!inService(resource)) {
        // being updated (by the last scaling, say): the next evaluation measures the rate over
        // the whole time since the last one
        continue;
      }
      int current = v.instances.size();
      if (inRange(t, current) != current) {
        // a range registered while the endpoint was busy
        scale(t, current, inRange(t, current), "the capacity range", now);
        continue;
      }
      long count = v.invocations.sum();
      long[] last = lastSeen.put(resource, new long[] {count, now.toEpochMilli()});
      double minutes = last == null ? 0 : (now.toEpochMilli() - last[1]) / 60_000.0;
      if (minutes <= 0) {
        continue;
      }
      double perInstance = (count - last[0]) / minutes / current;
      for (JsonNode p : t.path("Policies")) {
        JsonNode c = p.path("TargetTrackingScalingPolicyConfiguration");
        double target = c.path("TargetValue").asDouble();
        int desired = inRange(t, (int) Math.ceil(current * perInstance / target - 1e-9));
        if (desired == current
            || (desired < current && c.path("DisableScaleIn").asBoolean(false))) {
          continue;
        }
        Duration cooldown =
            Duration.ofSeconds(
                c.path(desired > current ? "ScaleOutCooldown" : "ScaleInCooldown").asInt(300));
        Instant since = lastScaled.get(resource);
        if (since != null && since.plus(cooldown).isAfter(now)) {
          continue;
        }
        String cause =
            String.format(
                Locale.ROOT,
                "policy %s: %s %.1f, %s the target %.1f",
                p.path("PolicyName").asText(),
                METRIC,
                perInstance,
                desired > current ? "above" : "below",
                target);
        scale(t, current, desired, cause, now);
        break;
      }
    }
  }

  /** Sets the variant's instance count through the endpoint's own update, recording an activity. */
  private void scale(ObjectNode t, int from, int to, String cause, Instant now) {
    String resource = t.path("ResourceId").asText();
    Matcher m = RESOURCE.matcher(resource);
    if (!m.matches()) {
      return;
    }
    ObjectNode a = Json.mapper().createObjectNode();
    a.put("ActivityId", UUID.randomUUID().toString());
    a.put("ServiceNamespace", "sagemaker");
    a.put("ResourceId", resource);
    a.put("ScalableDimension", DIMENSION);
    a.put("Description", "Setting desired instance count to " + to + ".");
    a.put("Cause", cause);
    a.put("StartTime", Arns.epoch(now));
    ObjectNode request = Json.mapper().createObjectNode();
    request.put("EndpointName", m.group(1));
    ObjectNode w = request.putArray("DesiredWeightsAndCapacities").addObject();
    w.put("VariantName", m.group(2));
    w.put("DesiredInstanceCount", to);
    try {
      endpoints.updateWeightsAndCapacities(request);
      a.put("StatusCode", "Successful");
      a.put("StatusMessage", "Successfully set desired instance count to " + to + ".");
      lastScaled.put(resource, now);
      LOG.info("autoscaling {}: {} -> {} instances ({})", resource, from, to, cause);
    } catch (RuntimeException e) {
      // an endpoint being updated: the next evaluation tries again
      a.put("StatusCode", "Failed");
      a.put("StatusMessage", String.valueOf(e.getMessage()));
      LOG.warn("autoscaling {}: {} -> {} failed: {}", resource, from, to, e.getMessage());
    }
    a.put("EndTime", Arns.now());
    activities.addFirst(a);
    while (activities.size() > ACTIVITIES_KEPT) {
      activities.removeLast();
    }
  }

  /**
   * The instance count nearest to {@code n} within the target's range (at least 1: a variant keeps
   * an instance).
   */
  private static int inRange(JsonNode target, int n) {
    int min = Math.max(1, target.path("MinCapacity").asInt());
    int max = Math.max(min, target.path("MaxCapacity").asInt());
    return Math.min(max, Math.max(min, n));
  }

  private Deployment.Variant variant(String resource) {
    Matcher m = RESOURCE.matcher(resource);
    if (!m.matches()) {
      return null;
    }
    Endpoints.Live live = endpoints.live(m.group(1));
    Deployment d = live == null ? null : live.deployment;
    return d == null ? null : d.variant(m.group(2));
  }

  private boolean inService(String resource) {
    Matcher m = RESOURCE.matcher(resource);
    ObjectNode d = m.matches() ? endpoints.description(m.group(1)) : null;
    return d != null && d.path("EndpointStatus").asText().equals("InService");
  }

  private int instances(String resource) {
    Deployment.Variant v = variant(resource);
    return v == null ? 0 : v.instances.size();
  }

  // --- request checks --------------------------------------------------------------------------

  private static String resourceOf(ObjectNode r) {
    namespace(r);
    String resource = required(r, "ResourceId");
    if (!RESOURCE.matcher(resource).matches()) {
      throw invalid(
          "ResourceId '"
              + resource
              + "' is not a SageMaker variant (endpoint/<name>/variant/<name>)");
    }
    String dimension = required(r, "ScalableDimension");
    if (!DIMENSION.equals(dimension)) {
      throw invalid("local-aws scales " + DIMENSION + " only, not '" + dimension + "'");
    }
    return resource;
  }

  private static void namespace(ObjectNode r) {
    String ns = required(r, "ServiceNamespace");
    if (!ns.equals("sagemaker")) {
      throw invalid(
          "local-aws scales SageMaker endpoint variants only, not service namespace '" + ns + "'");
    }
  }

  private static String required(ObjectNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw invalid(
          "1 validation error detected: Value null at '"
              + lower(field)
              + "' failed to satisfy constraint: Member must not be null");
    }
    return v.asText();
  }

  private static String lower(String field) {
    return Character.toLowerCase(field.charAt(0)) + field.substring(1);
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static SageMakerException invalid(String message) {
    return new SageMakerException("ValidationException", message);
  }

  private static SageMakerException noTarget(String resource) {
    return notFound(
        "No scalable target registered for service namespace: sagemaker, resource ID: "
            + resource
            + ", scalable dimension: "
            + DIMENSION);
  }

  private static SageMakerException notFound(String message) {
    return new SageMakerException("ObjectNotFoundException", message);
  }

  /** A file name for a resource id (which holds slashes). */
  private static String key(String resource) {
    return URLEncoder.encode(resource, StandardCharsets.UTF_8);
  }

  private static String roleArn() {
    return "arn:aws:iam::"
        + LocalAwsOptions.ACCOUNT
        + ":role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/"
        + "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";
  }

  private static String targetArn() {
    return "arn:aws:application-autoscaling:"
        + LocalAwsOptions.REGION
        + ":"
        + LocalAwsOptions.ACCOUNT
        + ":scalable-target/"
        + UUID.randomUUID().toString().replace("-", "");
  }

  private static String policyArn(String resource, String name) {
    return "arn:aws:autoscaling:"
        + LocalAwsOptions.REGION
        + ":"
        + LocalAwsOptions.ACCOUNT
        + ":scalingPolicy:"
        + UUID.randomUUID()
        + ":resource/sagemaker/"
        + resource
        + ":policyName/"
        + name;
  }
}
