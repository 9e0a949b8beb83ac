package dev.mlops.drift.ingest;

import dev.mlops.contract.baseline.Baseline;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.routing.EndpointManifest;
import dev.mlops.drift.Txhousing;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Puts an endpoint's manifest, schema and baseline, and capture objects, into a test store. */
final class CaptureFixture {

  static final String ARTIFACTS = "mlops-artifacts";
  static final String CAPTURE = "mlops-capture";

  private CaptureFixture() {}

  static void endpoint(TestStorage s, String endpoint, String version, Baseline baseline) {
    String base = "models/" + version + "/";
    s.put(ARTIFACTS, base + "schema.json", Json.bytes(Txhousing.schema()), "application/json");
    s.put(ARTIFACTS, base + "baseline/constraints.json", Json.bytes(baseline.constraints()), "");
    s.put(ARTIFACTS, base + "baseline/baseline-sketches.json", Json.bytes(baseline.sketches()), "");
    EndpointManifest m =
        new EndpointManifest(
            endpoint,
            version,
            "prod",
            "txhousing",
            "s3://mlops-data/datasets/txhousing/",
            "s3://" + ARTIFACTS + "/" + base + "schema.json",
            "s3://" + ARTIFACTS + "/" + base + "baseline/",
            "s3://" + ARTIFACTS + "/" + base + "model.tar.gz",
            "2024-01-01T00:00:00Z");
    s.put(ARTIFACTS, EndpointManifest.key(endpoint), m.toJson(), "application/json");
  }

  /** Puts a capture object of these rows; returns its key. */
  static String capture(TestStorage s, String endpoint, int n, List<Integer> rows) {
    String key = endpoint + "/AllTraffic/2024/05/01/10/capture " + n + ".jsonl";
    s.put(CAPTURE, key, Txhousing.captureObject(rows, n * 1000), "application/jsonl");
    return key;
  }

  static String notification(String bucket, String key, String eTag) {
    return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
        + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
        + bucket
        + "\"},\"object\":{\"key\":\""
        + URLEncoder.encode(key, StandardCharsets.UTF_8)
        + "\",\"size\":1,\"eTag\":\""
        + eTag
        + "\"}}}]}";
  }

  static String snsWrapped(String message) {
    return "{\"Type\":\"Notification\",\"TopicArn\":\"arn:aws:sns:us-east-1:0:t\",\"Message\":"
        + Json.string(message)
        + "}";
  }
}
