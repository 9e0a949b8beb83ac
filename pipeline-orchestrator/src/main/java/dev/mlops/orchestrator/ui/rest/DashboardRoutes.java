package dev.mlops.orchestrator.ui.rest;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The dashboard's page is {@code META-INF/resources/ui/index.html}; {@code /ui} (what people type)
 * leads to it. The static files need no token: the page asks for it and sends it with every call.
 */
@ApplicationScoped
public class DashboardRoutes {

  void routes(@Observes Router router) {
    router
        .routeWithRegex(HttpMethod.GET, "^/ui$")
        .handler(rc -> rc.response().setStatusCode(302).putHeader("Location", "/ui/").end());
  }
}
