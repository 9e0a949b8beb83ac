package dev.mlops.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Small JSON-over-HTTP helpers for the scenarios: the admin API, the drift API, unsigned S3. */
public final class Http {

  public static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Http() {}

  public record Reply(int status, JsonNode body, String text) {}

  public static Reply get(String url, String token) {
    return send(builder(url, token).GET().build());
  }

  public static Reply post(String url, String token, Object body) {
    try {
      return send(
          builder(url, token)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      body instanceof String s ? s : JSON.writeValueAsString(body)))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An unsigned S3 PutObject, which local-aws accepts (like {@code curl -X PUT}). */
  public static void putObject(String awsUrl, String bucket, String key, Path file, String type) {
    try {
      Reply r =
          send(
              HttpRequest.newBuilder(URI.create(awsUrl + "/" + bucket + "/" + key))
                  .header("Content-Type", type)
                  .PUT(HttpRequest.BodyPublishers.ofFile(file))
                  .build());
      if (r.status() != 200) {
        throw new IllegalStateException("PUT " + key + " answered " + r.status() + ": " + r.text());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpRequest.Builder builder(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  static Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      if (!r.body().isEmpty()) {
        try {
          body = JSON.readTree(r.body());
        } catch (IOException notJson) {
          body = null;
        }
      }
      return new Reply(r.statusCode(), body, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
