package dev.mlops.orchestrator.rest;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /admin} call needs {@code Authorization: Bearer <mlops.admin.token>}. The check runs
 * before the resource, so a refused call changes nothing.
 */
public class AdminAuthFilter {

  private final OrchestratorConfig config;

  public AdminAuthFilter(OrchestratorConfig config) {
    this.config = config;
  }

  @ServerRequestFilter(preMatching = true)
  public void authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.equals("/admin") && !path.startsWith("/admin/")) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    String expected = "Bearer " + config.admin().token();
    if (header == null
        || !MessageDigest.isEqual(
            header.trim().getBytes(StandardCharsets.UTF_8),
            expected.getBytes(StandardCharsets.UTF_8))) {
      throw new UnauthorizedException();
    }
  }

  /** No or a wrong bearer token. */
  public static class UnauthorizedException extends RuntimeException {
    public UnauthorizedException() {
      super("a valid bearer token is required (Authorization: Bearer <token>)");
    }
  }
}
