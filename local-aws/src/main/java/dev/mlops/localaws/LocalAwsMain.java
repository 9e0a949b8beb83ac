package dev.mlops.localaws;

import dev.mlops.localaws.postgres.PostgresStandIn;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local-aws.jar [options]}: runs local-aws in the foreground until stopped. */
public final class LocalAwsMain {

  private LocalAwsMain() {}

  public static void main(String[] args) throws InterruptedException {
    configureLogging();
    LocalAwsOptions options;
    try {
      options = LocalAwsOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    LocalAws aws;
    try {
      aws = LocalAws.start(options);
    } catch (RuntimeException e) {
      System.err.println("local-aws: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("local-aws stopping");
                  aws.close();
                  stopped.countDown();
                },
                "local-aws-shutdown"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("local-aws endpoint " + aws.endpoint() + " (region us-east-1)");
    System.out.println(
        "local-aws jdbc "
            + aws.jdbcUrl("<database>")
            + " user "
            + PostgresStandIn.USER
            + " password "
            + PostgresStandIn.PASSWORD
            + " (databases "
            + String.join(", ", PostgresStandIn.DATABASES)
            + ")");
    System.out.println("local-aws data " + aws.dataDir());
    System.out.println("local-aws started in " + ms + " ms");
    System.out.println("local-aws ready on " + aws.endpoint());
    System.out.flush();
    stopped.await();
  }

  /** Quiet libraries, our own lines at info; overridable with the usual slf4j-simple properties. */
  static void configureLogging() {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setDefault("org.slf4j.simpleLogger.log.dev.mlops", "info");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setDefault("org.slf4j.simpleLogger.logFile", "System.out");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
