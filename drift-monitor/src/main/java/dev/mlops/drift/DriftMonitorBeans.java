package dev.mlops.drift;

import dev.mlops.contract.drift.DriftMethod;
import dev.mlops.drift.adapter.jdbc.JdbcWindowStore;
import dev.mlops.drift.adapter.s3.S3ObjectStorage;
import dev.mlops.drift.adapter.sns.AwsDriftNotifier;
import dev.mlops.drift.adapter.sqs.SqsCaptureQueue;
import dev.mlops.drift.alerting.WindowReporter;
import dev.mlops.drift.analysis.DriftSettings;
import dev.mlops.drift.catalog.ModelCatalog;
import dev.mlops.drift.ingest.CaptureIngestion;
import dev.mlops.drift.window.WindowStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wires the plain-Java domain to Quarkus: the AWS clients and the database come in here. */
@Singleton
public class DriftMonitorBeans {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /** One store, two roles: the worker writes windows, the API reads their history. */
  @Produces
  @Singleton
  JdbcWindowStore windowStore(AgroalDataSource dataSource) {
    return new JdbcWindowStore(dataSource);
  }

  @Produces
  @Singleton
  ObjectStorage objectStorage(S3Client s3) {
    return new S3ObjectStorage(s3);
  }

  @Produces
  @Singleton
  DriftSettings driftSettings(DriftMonitorConfig config) {
    DriftMonitorConfig.Drift d = config.drift();
    return new DriftSettings(
        d.numericMethod().map(DriftMethod::parse),
        d.numericThreshold(),
        d.categoricalMethod().map(DriftMethod::parse),
        d.categoricalThreshold(),
        d.alpha(),
        d.datasetShare(),
        d.checkPrediction(),
        config.window().minRecords());
  }

  /** Owned by the worker thread alone, like everything built on it below. */
  @Produces
  @ApplicationScoped
  ModelCatalog modelCatalog(ObjectStorage storage, DriftMonitorConfig config, Clock clock) {
    return new ModelCatalog(
        storage,
        config.buckets().artifacts(),
        config.catalog().manifestTtl(),
        config.catalog().unknownEndpointTtl(),
        clock);
  }

  @Produces
  @ApplicationScoped
  CaptureIngestion captureIngestion(
      SqsClient sqs,
      ObjectStorage storage,
      ModelCatalog catalog,
      WindowStore store,
      DriftMonitorConfig config,
      Clock clock,
      DriftMetrics metrics) {
    DriftMonitorConfig.Consumer c = config.consumer();
    String url = sqs.getQueueUrl(q -> q.queueName(config.queues().captureEvents())).queueUrl();
    return new CaptureIngestion(
        new SqsCaptureQueue(sqs, url, c.maxMessages(), c.waitTime(), c.visibilityTimeout()),
        storage,
        catalog,
        store,
        new CaptureIngestion.WindowPolicy(config.window().length(), config.window().maxRecords()),
        clock,
        metrics);
  }

  @Produces
  @ApplicationScoped
  WindowReporter windowReporter(
      WindowStore store,
      ModelCatalog catalog,
      ObjectStorage storage,
      SnsClient sns,
      SqsClient sqs,
      DriftSettings settings,
      DriftMonitorConfig config,
      Clock clock,
      DriftMetrics metrics) {
    String triggers =
        sqs.getQueueUrl(q -> q.queueName(config.queues().pipelineTriggers())).queueUrl();
    return new WindowReporter(
        store,
        catalog,
        storage,
        new AwsDriftNotifier(sns, config.alerts().topicArn(), sqs, triggers),
        settings,
        config.drift().cooldown(),
        config.buckets().artifacts(),
        config.buckets().monitoringPrefix(),
        clock,
        metrics::evaluated);
  }
}
