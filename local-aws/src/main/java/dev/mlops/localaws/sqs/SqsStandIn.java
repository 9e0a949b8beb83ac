package dev.mlops.localaws.sqs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.mlops.localaws.LocalAwsConfig.QueueSpec;
import dev.mlops.localaws.LocalAwsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;

/**
 * SQS: ElasticMQ on an internal loopback port, behind the front port. Queues and messages are kept
 * in ElasticMQ's SQL message store (an H2 file under {@code <data>/sqs}), so both survive a
 * restart. Queue URLs name the front port, so clients never see the internal one.
 */
public final class SqsStandIn implements AutoCloseable {

  private final int port;
  private final Function0<?> shutdown;

  private SqsStandIn(int port, Function0<?> shutdown) {
    this.port = port;
    this.shutdown = shutdown;
  }

  /** Starts ElasticMQ with the configured queues; {@code frontPort} is what queue URLs name. */
  public static SqsStandIn start(
      Path dataDir, int frontPort, int internalPort, List<QueueSpec> qs) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // ElasticMQ's own defaults log every request at DEBUG through Pekko
    System.setProperty("pekko.loglevel", "WARNING");
    System.setProperty("pekko.stdout-loglevel", "WARNING");
    // local-aws stops ElasticMQ itself, in order
    System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    Map<String, Object> queues = new LinkedHashMap<>();
    for (QueueSpec q : qs) {
      Map<String, Object> attrs = new LinkedHashMap<>();
      if (q.visibilityTimeoutSeconds() != null) {
        attrs.put("defaultVisibilityTimeout", q.visibilityTimeoutSeconds() + " seconds");
      }
      if (q.deadLetterQueue() != null && !q.deadLetterQueue().isBlank()) {
        queues.putIfAbsent(q.deadLetterQueue(), new LinkedHashMap<>());
        attrs.put(
            "deadLettersQueue",
            Map.of(
                "name",
                q.deadLetterQueue(),
                "maxReceiveCount",
                q.maxReceiveCount() == null ? 5 : q.maxReceiveCount()));
      }
      queues.put(q.name(), attrs);
    }
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put(
        "node-address",
        Map.of("protocol", "http", "host", "127.0.0.1", "port", frontPort, "context-path", ""));
    conf.put("generate-node-address", false);
    conf.put(
        "rest-sqs",
        Map.of(
            "enabled",
            true,
            "bind-port",
            internalPort,
            "bind-hostname",
            "127.0.0.1",
            "sqs-limits",
            "strict"));
    conf.put("queues", queues);
    conf.put("aws", Map.of("region", LocalAwsOptions.REGION, "accountId", LocalAwsOptions.ACCOUNT));
    conf.put(
        "messages-storage",
        Map.of(
            "enabled",
            true,
            "driver-class",
            "org.h2.Driver",
            "uri",
            // WRITE_DELAY=0: each commit reaches the file at once, so a crash loses no message;
            // errors reach ElasticMQ as exceptions, no need for a trace file next to the store
            "jdbc:h2:"
                + dataDir.resolve("elasticmq").toAbsolutePath()
                + ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0",
            "username",
            "",
            "password",
            "",
            "prune-data-on-init",
            false));
    Config config = ConfigFactory.parseMap(conf).withFallback(ConfigFactory.load()).resolve();
    ElasticMQServer server = new ElasticMQServer(new ElasticMQServerConfig(config));
    Function0<?> stop = server.start();
    return new SqsStandIn(internalPort, stop);
  }

  public int port() {
    return port;
  }

  /** The queue URL clients use for a queue name. */
  public static String queueUrl(int frontPort, String queue) {
    return "http://127.0.0.1:" + frontPort + "/" + LocalAwsOptions.ACCOUNT + "/" + queue;
  }

  public static String queueArn(String queue) {
    return "arn:aws:sqs:" + LocalAwsOptions.REGION + ":" + LocalAwsOptions.ACCOUNT + ":" + queue;
  }

  /** The queue name in an SQS queue ARN, or null when it is not one. */
  public static String queueNameFromArn(String arn) {
    if (arn == null || !arn.startsWith("arn:aws:sqs:")) {
      return null;
    }
    return arn.substring(arn.lastIndexOf(':') + 1);
  }

  @Override
  public void close() {
    // ElasticMQ keeps its SQL store's connection pool (a JVM-wide singleton) open, which lets a
    // local-aws restarted in the same JVM (tests) find it again; every commit is on disk already
    shutdown.apply();
  }
}
