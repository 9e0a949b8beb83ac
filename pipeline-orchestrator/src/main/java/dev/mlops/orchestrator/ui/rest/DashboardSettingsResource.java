package dev.mlops.orchestrator.ui.rest;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the dashboard needs to know of the orchestrator's configuration. */
@Path("/admin/ui/settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard")
@SecurityRequirement(name = "bearer")
public class DashboardSettingsResource {

  /**
   * The dashboard's settings.
   *
   * @param project the project name (prefix of endpoint names)
   * @param region the AWS region (for links to the logs)
   * @param refreshSeconds how often the page refreshes itself
   * @param logsLink link template of a step's logs ({region}, {group}, {stream})
   */
  public record Settings(String project, String region, double refreshSeconds, String logsLink) {}

  private final OrchestratorConfig config;

  public DashboardSettingsResource(OrchestratorConfig config) {
    this.config = config;
  }

  @GET
  @Operation(summary = "Settings of the dashboard at /ui")
  public Settings settings() {
    return new Settings(
        config.project(),
        config.aws().region(),
        config.ui().refreshInterval().toMillis() / 1000.0,
        config.ui().logsLink());
  }
}
