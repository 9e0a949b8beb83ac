package dev.mlops.orchestrator.registry;

import dev.mlops.orchestrator.OrchestratorException;
import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.pipeline.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Reading the registry and recording approval decisions. */
@ApplicationScoped
public class ModelApprovals {

  private static final Logger LOG = Logger.getLogger(ModelApprovals.class);

  private final Db db;
  private final ModelRegistry registry;
  private final RunStore runs;

  public ModelApprovals(Db db, ModelRegistry registry, RunStore runs) {
    this.db = db;
    this.registry = registry;
    this.runs = runs;
  }

  public List<ModelVersion> list(String dataset, int limit) {
    return db.tx(tx -> registry.list(tx, dataset, limit));
  }

  public ModelVersion get(String version) {
    return db.tx(
        tx ->
            registry
                .find(tx, version)
                .orElseThrow(() -> OrchestratorException.notFound("no model version " + version)));
  }

  /** Approves or rejects a version and wakes the run waiting for it. */
  public ModelVersion decide(String version, ApprovalStatus decision, String by, String comment) {
    return db.tx(
        tx -> {
          ModelVersion v =
              registry
                  .lock(tx, version)
                  .orElseThrow(() -> OrchestratorException.notFound("no model version " + version));
          ApprovalStatus next;
          try {
            next = v.approvalStatus().decide(decision);
          } catch (IllegalStateException e) {
            throw OrchestratorException.conflict(
                "cannot mark " + version + " " + decision.id() + ": " + e.getMessage());
          }
          if (next == v.approvalStatus()) {
            return v;
          }
          ModelVersion updated = registry.decide(tx, v, next, by, comment, Instant.now());
          runs.wake(tx, v.runId(), Instant.now());
          LOG.infof("%s %s by %s%s", version, next.id(), by, comment == null ? "" : ": " + comment);
          return updated;
        });
  }
}
