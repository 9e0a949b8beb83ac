package dev.mlops.orchestrator.trigger;

import dev.mlops.orchestrator.config.OrchestratorConfig;
import dev.mlops.orchestrator.pipeline.TriggerKind;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Retrains the datasets in production on a schedule (monthly by default). Every instance fires; the
 * trigger id is the scheduled minute, so they record it once.
 */
@ApplicationScoped
public class RetrainingSchedule {

  private static final Logger LOG = Logger.getLogger(RetrainingSchedule.class);

  private final Triggers triggers;
  private final OrchestratorConfig config;

  public RetrainingSchedule(Triggers triggers, OrchestratorConfig config) {
    this.triggers = triggers;
    this.config = config;
  }

  @Scheduled(
      identity = "retraining-schedule",
      cron = "${mlops.schedule.cron}",
      skipExecutionIf = Disabled.class)
  void fire(ScheduledExecution execution) {
    String minute = execution.getScheduledFireTime().truncatedTo(ChronoUnit.MINUTES).toString();
    int n =
        triggers.accept(
            "schedule-" + minute, TriggerKind.SCHEDULE, "schedule " + config.schedule().cron());
    LOG.infof("scheduled retraining at %s: %d dataset(s)", minute, n);
  }

  /** Skips the schedule when {@code mlops.schedule.enabled} is false. */
  @ApplicationScoped
  public static class Disabled implements Scheduled.SkipPredicate {
    private final OrchestratorConfig config;

    public Disabled(OrchestratorConfig config) {
      this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
      return !config.schedule().enabled();
    }
  }
}
