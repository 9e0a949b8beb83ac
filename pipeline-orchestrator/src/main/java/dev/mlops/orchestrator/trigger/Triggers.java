package dev.mlops.orchestrator.trigger;

import dev.mlops.orchestrator.db.Db;
import dev.mlops.orchestrator.deploy.Deployment;
import dev.mlops.orchestrator.deploy.DeploymentStatus;
import dev.mlops.orchestrator.deploy.DeploymentStore;
import dev.mlops.orchestrator.deploy.Stage;
import dev.mlops.orchestrator.pipeline.RunStore;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import dev.mlops.orchestrator.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** Turns trigger messages into recorded, debounced triggers. */
@ApplicationScoped
public class Triggers {

  private static final Logger LOG = Logger.getLogger(Triggers.class);

  private final Db db;
  private final TriggerIntake intake;
  private final DeploymentStore deployments;
  private final ModelRegistry registry;
  private final RunStore runs;
  private final SkippedTriggers skipped;

  public Triggers(
      Db db,
      TriggerIntake intake,
      DeploymentStore deployments,
      ModelRegistry registry,
      RunStore runs,
      SkippedTriggers skipped) {
    this.db = db;
    this.intake = intake;
    this.deployments = deployments;
    this.registry = registry;
    this.runs = runs;
    this.skipped = skipped;
  }

  /** Records the triggers of one well-formed message in one transaction; returns the new ones. */
  public int accept(String messageId, List<TriggerMessage> messages) {
    return db.tx(
        tx -> {
          List<TriggerEvent> events = new ArrayList<>();
          for (TriggerMessage m : messages) {
            events.addAll(events(tx, m));
          }
          return intake.record(tx, messageId, events, Instant.now());
        });
  }

  /** Records triggers that did not come from the queue (the schedule). */
  public int accept(String id, TriggerKind kind, String detail) {
    return db.tx(
        tx -> {
          List<TriggerEvent> events = new ArrayList<>();
          for (String dataset : productionDatasets(tx)) {
            events.add(new TriggerEvent(kind, dataset, null, null, detail));
          }
          if (events.isEmpty()) {
            LOG.infof("%s: no dataset in production, nothing to retrain", detail);
          }
          return intake.record(tx, id, events, Instant.now());
        });
  }

  private List<TriggerEvent> events(Connection tx, TriggerMessage m) throws SQLException {
    return switch (m) {
      case TriggerMessage.DataUploaded u ->
          List.of(
              new TriggerEvent(
                  TriggerKind.UPLOAD,
                  u.dataset(),
                  "s3://" + u.bucket() + "/" + u.key().substring(0, u.key().lastIndexOf('/') + 1),
                  null,
                  "s3://" + u.bucket() + "/" + u.key()));
      case TriggerMessage.Drift d -> {
        String detail =
            "drift on "
                + d.event().endpoint()
                + " window "
                + d.event().windowId()
                + (d.event().features() == null
                    ? ""
                    : " (" + d.event().features().stream().map(f -> f.name()).toList() + ")");
        Optional<String> refusal = DriftRetraining.refusal(runs.latestRun(tx, d.event().dataset()));
        if (refusal.isPresent()) {
          LOG.infof("%s of %s: not retraining: %s", detail, d.event().dataset(), refusal.get());
          skipped.add(
              new SkippedTriggers.Skipped(
                  d.event().dataset(),
                  TriggerKind.DRIFT.id(),
                  detail,
                  refusal.get(),
                  Instant.now()));
          yield List.of();
        }
        yield List.of(new TriggerEvent(TriggerKind.DRIFT, d.event().dataset(), null, null, detail));
      }
      case TriggerMessage.SourceChange s -> {
        Set<String> datasets = new LinkedHashSet<>();
        if (s.event().dataset() != null && !s.event().dataset().isBlank()) {
          datasets.add(s.event().dataset());
        } else {
          datasets.addAll(productionDatasets(tx));
        }
        List<TriggerEvent> out = new ArrayList<>();
        for (String dataset : datasets) {
          out.add(
              new TriggerEvent(
                  TriggerKind.SOURCE_CHANGE,
                  dataset,
                  null,
                  s.event().image(),
                  "source change " + s.event().commit()));
        }
        yield out;
      }
      case TriggerMessage.Ignored i -> {
        LOG.debugf("trigger ignored: %s", i.reason());
        yield List.of();
      }
      case TriggerMessage.Malformed bad -> throw new IllegalArgumentException(bad.reason());
    };
  }

  /** Datasets of the models taking production traffic. */
  private Set<String> productionDatasets(Connection tx) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    for (Deployment d : deployments.withStatus(tx, Stage.PROD, DeploymentStatus.ACTIVE)) {
      registry.find(tx, d.modelVersion()).ifPresent(v -> out.add(v.dataset()));
    }
    return out;
  }
}
