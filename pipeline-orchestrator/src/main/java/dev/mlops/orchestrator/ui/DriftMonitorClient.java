package dev.mlops.orchestrator.ui;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The drift monitor's read API as the orchestrator reaches it for the dashboard. The browser never
 * talks to the drift monitor itself: in AWS it is an internal service.
 */
@ApplicationScoped
public class DriftMonitorClient {

  /**
   * What the drift monitor answered.
   *
   * @param status its HTTP status
   * @param contentType its content type (JSON or problem+json)
   * @param body its body
   */
  public record Answer(int status, String contentType, byte[] body) {}

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  @Inject
  public DriftMonitorClient(OrchestratorConfig config) {
    this(config.ui().driftUrl(), config.ui().driftTimeout());
  }

  DriftMonitorClient(URI driftUrl, Duration timeout) {
    String url = driftUrl.toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * GETs a path of the drift API.
   *
   * @param path an absolute path, already encoded ({@code /drift/features/year})
   * @param rawQuery the query string, already encoded, or null
   * @throws DriftMonitorUnavailableException when the drift monitor cannot be reached or does not
   *     answer in time
   */
  public Answer get(String path, String rawQuery) {
    URI uri =
        URI.create(base + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json, application/problem+json")
            .GET()
            .build();
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse("application/json"),
          r.body());
    } catch (HttpConnectTimeoutException e) {
      throw new DriftMonitorUnavailableException(
          true,
          "the drift monitor did not accept a connection within " + timeout.toMillis() + " ms");
    } catch (HttpTimeoutException e) {
      throw new DriftMonitorUnavailableException(
          true, "the drift monitor did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new DriftMonitorUnavailableException(
          false, "the drift monitor cannot be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriftMonitorUnavailableException(
          false, "interrupted while calling the drift monitor");
    }
  }

  /** The drift monitor is down, unreachable or too slow: our failure, not the caller's. */
  public static class DriftMonitorUnavailableException extends RuntimeException {
    private final boolean timedOut;

    public DriftMonitorUnavailableException(boolean timedOut, String message) {
      super(message);
      this.timedOut = timedOut;
    }

    /** True for a timeout (504), false for a refused or broken connection (502). */
    public boolean timedOut() {
      return timedOut;
    }
  }
}
