package dev.mlops.orchestrator.deploy;

import dev.mlops.orchestrator.db.Db;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Deletes the endpoints of retiring deployments once their rollback window is over. */
@ApplicationScoped
public class EndpointRetirement {

  private static final Logger LOG = Logger.getLogger(EndpointRetirement.class);

  private final Db db;
  private final DeploymentStore deployments;
  private final ProdScaling scaling;

  public EndpointRetirement(Db db, DeploymentStore deployments, ProdScaling scaling) {
    this.db = db;
    this.deployments = deployments;
    this.scaling = scaling;
  }

  @Scheduled(
      every = "${mlops.reconcile.interval}",
      delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void retire() {
    try {
      db.txRun(
          tx -> {
            Instant now = Instant.now();
            for (Deployment d : deployments.claimDueForRetirement(tx, now, 10)) {
              scaling.deleteEndpoint(d.stage(), d.endpoint());
              // a rolled-back canary keeps saying so; a replaced endpoint is simply retired
              DeploymentStatus after =
                  d.status() == DeploymentStatus.ROLLED_BACK
                      ? DeploymentStatus.ROLLED_BACK
                      : DeploymentStatus.RETIRED;
              deployments.update(tx, d.id(), after, null, null, now, null);
              LOG.infof(
                  "deleted endpoint %s (%s %s)", d.endpoint(), d.stage().id(), d.modelVersion());
            }
          });
    } catch (RuntimeException e) {
      LOG.warnf("endpoint retirement will try again: %s", e.getMessage());
    }
  }
}
