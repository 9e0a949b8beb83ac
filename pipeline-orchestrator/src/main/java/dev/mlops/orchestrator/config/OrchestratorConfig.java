package dev.mlops.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the orchestrator can be told, under the prefix {@code mlops}. */
@ConfigMapping(prefix = "mlops")
public interface OrchestratorConfig {

  /** Project name: the prefix of endpoint, model and job names ({@code <project>-prod-v3}). */
  @WithDefault("mlops")
  String project();

  /** Where the AWS APIs without a Quarkus extension (SageMaker, SageMaker Runtime) are. */
  Aws aws();

  /** Bucket names. */
  Buckets buckets();

  /** Queue names (resolved to URLs with GetQueueUrl at start-up). */
  Queues queues();

  /** SNS notifications. */
  Alerts alerts();

  /** The model image and the SageMaker training job settings. */
  Training training();

  /** SageMaker processing job settings (preprocess and evaluate). */
  Processing processing();

  /** The evaluation gate between evaluate and register. */
  Gate gate();

  /** Endpoints, data capture and the rollback window. */
  Deploy deploy();

  /** The reconciler that advances runs. */
  Reconcile reconcile();

  /** Backoff for throttling and transient AWS errors. */
  Retry retry();

  /** How triggers become runs. */
  Triggers triggers();

  /** The scheduled re-training of the datasets in production. */
  Schedule schedule();

  /** Step output reuse. */
  Cache cache();

  /** The admin REST API. */
  Admin admin();

  /** How a new prod version takes traffic from the current one: weights, bake time, analysis. */
  Canary canary();

  /** Application Auto Scaling of prod endpoints (target tracking on invocations per instance). */
  Autoscaling autoscaling();

  /** The dashboard at {@code /ui}. */
  Ui ui();

  interface Aws {
    /** AWS region of the SageMaker clients. */
    @WithDefault("us-east-1")
    String region();

    /** Endpoint of the SageMaker APIs, only set locally (local-aws, e.g. http://127.0.0.1:4566). */
    Optional<URI> endpointOverride();

    /** Timeout of one SageMaker API call, retries included. */
    @WithDefault("30s")
    Duration apiCallTimeout();
  }

  interface Buckets {
    /** Bucket of the datasets ({@code datasets/<dataset>/...}). */
    @WithDefault("mlops-data")
    String data();

    /** Bucket of pipeline outputs, models, manifests and the routing policy. */
    @WithDefault("mlops-artifacts")
    String artifacts();

    /** Bucket that endpoints capture requests and responses to. */
    @WithDefault("mlops-capture")
    String capture();

    /** Key prefix of datasets in the data bucket; the next path segment is the dataset name. */
    @WithDefault("datasets/")
    String datasetsPrefix();
  }

  interface Queues {
    /** Queue of S3 upload notifications, drift events and source-change events. */
    @WithDefault("pipeline-triggers")
    String triggers();

    /** Queue of the gateways' per-variant window aggregates. */
    @WithDefault("gateway-metrics")
    String gatewayMetrics();

    /** Long-polling wait of one ReceiveMessage call (at most 20 s). */
    @WithDefault("20s")
    Duration waitTime();

    /**
     * How long a malformed message stays invisible before it is received again; after the queue's
     * maxReceiveCount receives the redrive policy moves it to the DLQ.
     */
    @WithDefault("5s")
    Duration malformedVisibility();

    /** Whether the queue consumers run (off for tests that drive the API alone). */
    @WithDefault("true")
    boolean consumersEnabled();
  }

  interface Alerts {
    /** ARN of the SNS topic for run failed, approval needed, deployed and rolled back. */
    Optional<String> topicArn();
  }

  interface Training {
    /** Model container image URI (training, processing and serving). */
    @WithDefault("mlops-model:latest")
    String image();

    /** Execution role SageMaker assumes for jobs and models. */
    @WithDefault("arn:aws:iam::000000000000:role/mlops-sagemaker")
    String roleArn();

    /** Training instance type. */
    @WithDefault("ml.m5.large")
    String instanceType();

    /** Training instance count. */
    @WithDefault("1")
    int instanceCount();

    /** Training volume size in GB. */
    @WithDefault("10")
    int volumeSizeGb();

    /** Longest a training job may run before SageMaker stops it. */
    @WithDefault("2h")
    Duration maxRuntime();

    /** Default hyperparameters; a run's own hyperparameters override them one by one. */
    Map<String, String> hyperparameters();
  }

  interface Processing {
    /** Processing instance type. */
    @WithDefault("ml.m5.large")
    String instanceType();

    /** Processing instance count. */
    @WithDefault("1")
    int instanceCount();

    /** Processing volume size in GB. */
    @WithDefault("10")
    int volumeSizeGb();

    /** Longest a processing job may run. */
    @WithDefault("1h")
    Duration maxRuntime();

    /** Share of rows for the validation split. */
    @WithDefault("0.15")
    double validationFraction();

    /** Share of rows for the test split. */
    @WithDefault("0.15")
    double testFraction();

    /** Seed of the shuffled split (for datasets without a time column). */
    @WithDefault("42")
    long seed();
  }

  interface Gate {
    /** Metric from evaluation.json the gate judges (rmse, mae, mape, r2, accuracy, f1, auc...). */
    @WithDefault("r2")
    String metric();

    /** The metric must be at least (higher-is-better) or at most (lower-is-better) this. */
    @WithDefault("0.5")
    double threshold();

    /**
     * Relative margin by which a candidate may be worse than the model in production (0.05: up to 5
     * % worse); negative to demand an improvement.
     */
    @WithDefault("0.05")
    double margin();
  }

  interface Deploy {
    /** Instance type of dev endpoints. */
    @WithDefault("ml.m5.large")
    String devInstanceType();

    /** Instance count of dev endpoints. */
    @WithDefault("1")
    int devInstanceCount();

    /** Instance type of prod endpoints. */
    @WithDefault("ml.m5.large")
    String prodInstanceType();

    /** Instance count of prod endpoints. */
    @WithDefault("2")
    int prodInstanceCount();

    /** Percentage of prod requests captured to the capture bucket. */
    @WithDefault("100")
    int captureSamplingPercentage();

    /** How long the previous prod endpoint is kept after a switch, for a fast rollback. */
    @WithDefault("1h")
    Duration rollbackWindow();

    /** Rows of the test split sent to a new endpoint as a smoke test. */
    @WithDefault("5")
    int smokeTestRows();

    /** Longest an endpoint may take to become InService. */
    @WithDefault("30m")
    Duration endpointTimeout();

    /** Whether a dev endpoint is deleted once a newer version's dev endpoint is in service. */
    @WithDefault("true")
    boolean replaceDevEndpoints();
  }

  interface Reconcile {
    /** How often the reconciler looks for runs to advance (a Quarkus scheduler interval). */
    @WithDefault("1s")
    String interval();

    /** How soon a running SageMaker job or endpoint is described again. */
    @WithDefault("5s")
    Duration pollInterval();

    /** Most runs advanced by one reconciler pass. */
    @WithDefault("20")
    int batchSize();
  }

  interface Retry {
    /** Transient failures of one step before the run fails. */
    @WithDefault("8")
    int maxAttempts();

    /** First backoff delay. */
    @WithDefault("2s")
    Duration initialDelay();

    /** Longest backoff delay. */
    @WithDefault("5m")
    Duration maxDelay();
  }

  interface Triggers {
    /** Uploads to a dataset within this window after the last one make one run. */
    @WithDefault("60s")
    Duration debounceWindow();

    /** A stream of uploads starts a run at the latest this long after its first upload. */
    @WithDefault("15m")
    Duration maxDelay();
  }

  interface Schedule {
    /** Quartz-style cron of the periodic re-training of the datasets in production. */
    @WithDefault("0 0 12 1 * ?")
    String cron();

    /** Whether the periodic re-training is on. */
    @WithDefault("true")
    boolean enabled();
  }

  interface Cache {
    /** Whether steps reuse the outputs of an earlier identical step. */
    @WithDefault("true")
    boolean enabled();

    /** How long step outputs may be reused. */
    @WithDefault("7d")
    Duration ttl();
  }

  interface Admin {
    /** Bearer token of the admin API (env MLOPS_ADMIN_TOKEN). */
    String token();
  }

  interface Canary {
    /**
     * Whether a prod deployment goes through a canary when a version is in production already (the
     * very first prod deployment always switches at once); false switches at once always.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The canary's weights in percent, ascending; reaching 100 promotes it (100 is added when the
     * list does not end with it). {@code 10,100} is CodeDeploy's Canary10Percent5Minutes (with the
     * default interval), {@code 10,25,50,100} a linear plan.
     */
    @WithDefault("10,100")
    List<Integer> steps();

    /** How long each weight bakes before its analysis (the analysis interval). */
    @WithDefault("5m")
    Duration interval();

    /**
     * Requests per variant in an interval (client 4xx not counted) below which the interval is
     * inconclusive: the canary waits at its weight and is never promoted on no data.
     */
    @WithDefault("50")
    int minRequests();

    /** Consecutive failed intervals that roll the canary back (1: the first failed interval). */
    @WithDefault("1")
    int failureLimit();

    /**
     * Consecutive inconclusive intervals after which the canary pauses at its weight and an alert
     * ({@code canary_stalled}) asks a person to resume, promote or roll back.
     */
    @WithDefault("6")
    int maxInconclusive();

    /**
     * Whether a canary whose error rate already fails on enough requests is rolled back before its
     * interval ends (the other checks wait for the interval's end).
     */
    @WithDefault("true")
    boolean failFast();

    /** The error-rate check. */
    ErrorRate errorRate();

    /** The p99 latency check. */
    Latency latency();

    /** The model checks on the prediction distributions. */
    Predictions predictions();

    interface ErrorRate {
      /**
       * Error classes of the gateway windows that count against a variant; {@code client} (the
       * caller's mistakes) and {@code throttled} (capacity) do not by default.
       */
      @WithDefault("model,unavailable,timeout")
      List<String> classes();

      /** The canary always passes at or below this error rate (0.01 = 1 %). */
      @WithDefault("0.01")
      double max();

      /** How far (absolute) the canary's error rate may be above the stable's. */
      @WithDefault("0.005")
      double margin();
    }

    interface Latency {
      /** The canary fails when its p99 is above this multiple of the stable's p99 ... */
      @WithDefault("1.5")
      double p99Ratio();

      /**
       * ... and also more than this above it: an absolute floor so that sub-millisecond noise on
       * fast models never fails a canary.
       */
      @WithDefault("10ms")
      Duration p99Floor();
    }

    interface Predictions {
      /**
       * How the canary's prediction distribution is compared with the stable's: {@code Robust}
       * (L-infinity of the CDFs, counted only when the Kolmogorov-Smirnov test finds it
       * significant), {@code Simple} (L-infinity alone), {@code Wasserstein} (in stable standard
       * deviations) or {@code PSI}.
       */
      @WithDefault("Robust")
      String method();

      /** The distance above which the canary fails (its scale depends on the method). */
      @WithDefault("0.3")
      double threshold();

      /** Significance level of the test of the {@code Robust} method. */
      @WithDefault("0.01")
      double alpha();

      /**
       * The canary answers a constant when the standard deviation of its predictions is at most
       * this share of the stable's (while the stable's is not 0).
       */
      @WithDefault("0.05")
      double constantSpreadRatio();
    }
  }

  interface Autoscaling {
    /**
     * Whether prod endpoints get a scalable target and a target-tracking policy once in service
     * (env {@code MLOPS_AUTOSCALING_ENABLED=true} in AWS; on with {@code ./mlops up}, against
     * local-aws's Application Auto Scaling).
     */
    @WithDefault("false")
    boolean enabled();

    /** Fewest instances of a prod variant. */
    @WithDefault("2")
    int minCapacity();

    /** Most instances of a prod variant. */
    @WithDefault("10")
    int maxCapacity();

    /** Target of SageMakerVariantInvocationsPerInstance (invocations per instance per minute). */
    @WithDefault("750")
    double targetInvocationsPerInstance();

    /** Wait after a scale-in before the next one. */
    @WithDefault("60s")
    Duration scaleInCooldown();

    /** Wait after a scale-out before the next one. */
    @WithDefault("60s")
    Duration scaleOutCooldown();
  }

  interface Ui {
    /**
     * The drift monitor's read API. The dashboard reads it through the orchestrator ({@code
     * /admin/drift/...}, admin token required): in AWS the drift monitor is internal.
     */
    @WithDefault("http://127.0.0.1:8082")
    URI driftUrl();

    /** Longest wait for the drift monitor (connecting and answering) before a 504. */
    @WithDefault("5s")
    Duration driftTimeout();

    /** How often the dashboard refreshes itself. */
    @WithDefault("3s")
    Duration refreshInterval();

    /**
     * Link to a step's logs, with {@code {region}}, {@code {group}} (the CloudWatch log group) and
     * {@code {stream}} (the log stream prefix) filled in by the page, each encoded the way the
     * CloudWatch console's links are; the CloudWatch console by default.
     */
    @WithDefault(
        "https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}"
            + "#logsV2:log-groups/log-group/{group}/log-events$3FlogStreamNameFilter$3D{stream}")
    String logsLink();
  }
}
