package dev.mlops.drift;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the drift monitor can be told; {@code mlops.*} in application.properties or env. */
@ConfigMapping(prefix = "mlops")
public interface DriftMonitorConfig {

  /** Queue names, resolved to URLs with GetQueueUrl at start-up. */
  Queues queues();

  /** Buckets and prefixes. */
  Buckets buckets();

  /** Where alerts go. */
  Alerts alerts();

  /** How the capture-events queue is consumed. */
  Consumer consumer();

  /** When a monitoring window closes. */
  Window window();

  /** How windows are compared with the baseline, and when that starts a retraining run. */
  Drift drift();

  /** Caching of endpoint manifests, schemas and baselines. */
  Catalog catalog();

  /**
   * The project's shared AWS settings for its plain SDK clients (SageMaker). The drift monitor has
   * none of those (its S3, SQS and SNS clients are configured under {@code quarkus.*}); the group
   * exists so that one configuration serves every service.
   */
  Aws aws();

  interface Aws {
    /** Endpoint override for plain SDK clients (locally local-aws); unused here. */
    Optional<String> endpointOverride();

    /** Region of plain SDK clients; unused here. */
    @WithDefault("us-east-1")
    String region();
  }

  interface Queues {
    /** S3 event notifications for new data capture objects (possibly SNS-wrapped). */
    @WithDefault("capture-events")
    String captureEvents();

    /** Where drift events go (the orchestrator's trigger queue). */
    @WithDefault("pipeline-triggers")
    String pipelineTriggers();
  }

  interface Buckets {
    /** Holds endpoint manifests ({@code endpoints/<endpoint>.json}) and the monitoring outputs. */
    @WithDefault("mlops-artifacts")
    String artifacts();

    /**
     * Key prefix of the monitoring outputs in the artifacts bucket; each window writes {@code
     * <prefix><endpoint>/<window-id>/statistics.json} and {@code constraint_violations.json}.
     */
    @WithDefault("monitoring/")
    String monitoringPrefix();
  }

  interface Alerts {
    /** SNS topic for alerts (drift detected, constraint violations). */
    @WithDefault("arn:aws:sns:us-east-1:000000000000:alerts")
    String topicArn();
  }

  interface Consumer {
    /** Whether to consume the queue at all (off: the read API only). */
    @WithDefault("true")
    boolean enabled();

    /** How often the worker wakes up to drain the queue, close due windows and report them. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Messages per ReceiveMessage call (1 to 10); one batch is folded and committed together. */
    @WithDefault("10")
    int maxMessages();

    /** Long-poll wait of ReceiveMessage (0 to 20 s). */
    @WithDefault("1s")
    Duration waitTime();

    /**
     * Visibility timeout asked for on receive: how long a message stays hidden while its object is
     * folded and committed; an unfinished message reappears after it. It also paces how fast a
     * poison message reaches the dead-letter queue (after the queue's maxReceiveCount receives).
     */
    @WithDefault("30s")
    Duration visibilityTimeout();

    /** How long one wake-up may keep draining before it closes and reports windows. */
    @WithDefault("5s")
    Duration drainBudget();

    /**
     * How long the idempotency records of folded objects are kept; longer than the queue's message
     * retention, so that any redelivery still finds them.
     */
    @WithDefault("15d")
    Duration foldedObjectRetention();
  }

  interface Window {
    /**
     * A window closes this long after it opened (its first record); tumbling, per endpoint and
     * model version.
     */
    @WithDefault("1m")
    Duration length();

    /** A window also closes once it holds this many records (0: by time only). */
    @WithDefault("10000")
    long maxRecords();

    /** Fewer records than this in a feature: statistics are reported, but no drift is measured. */
    @WithDefault("100")
    long minRecords();
  }

  interface Drift {
    /**
     * Numeric comparison method for every feature (Robust, Simple, Wasserstein or PSI). Unset: the
     * baseline's {@code constraints.json} ({@code comparison_method}) decides. A feature's {@code
     * monitoringConfigOverrides} always wins.
     */
    Optional<String> numericMethod();

    /** Numeric threshold; unset: {@code comparison_threshold} of constraints.json (default 0.1). */
    Optional<Double> numericThreshold();

    /**
     * Categorical method (LInfinity, JensenShannon or ChiSquared). Unset: constraints.json's {@code
     * categorical_drift_method} (default LInfinity).
     */
    Optional<String> categoricalMethod();

    /**
     * Categorical threshold; unset: {@code categorical_comparison_threshold} of constraints.json
     * (default 0.1).
     */
    Optional<Double> categoricalThreshold();

    /** Significance level of the tests behind Robust and ChiSquared. */
    @WithDefault("0.01")
    double alpha();

    /**
     * The dataset rule: a window has drifted (alert, drift event) when at least this share of its
     * measured features drifted, and at least one did.
     */
    @WithDefault("0.25")
    double datasetShare();

    /**
     * Whether the prediction's drift (against the baseline's target) counts in the dataset rule.
     */
    @WithDefault("false")
    boolean checkPrediction();

    /**
     * Minimum time between two drift events (and drift alerts) for one endpoint and model version,
     * so that lasting drift cannot start a retraining storm; the same applies separately to
     * constraint-violation alerts.
     */
    @WithDefault("1h")
    Duration cooldown();
  }

  interface Catalog {
    /** How long an endpoint manifest is trusted before it is read again. */
    @WithDefault("1m")
    Duration manifestTtl();

    /** How long an endpoint without a manifest is remembered as unknown. */
    @WithDefault("10s")
    Duration unknownEndpointTtl();
  }
}
