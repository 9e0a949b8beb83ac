package dev.mlops.localaws.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Points a Quarkus service's AWS clients and datasource at the JVM's shared local-aws:
 *
 * <pre>
 * &#64;WithTestResource(value = LocalAwsTestResource.class,
 *     initArgs = &#64;ResourceArg(name = "database", value = "orchestrator"))
 * </pre>
 *
 * The {@code database} argument (default {@code mlops}) names one of local-aws's databases:
 * orchestrator, drift or mlops.
 */
public final class LocalAwsTestResource implements QuarkusTestResourceLifecycleManager {

  private String database = "mlops";

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
  }

  @Override
  public Map<String, String> start() {
    return overrides(LocalAwsProcess.shared(), database);
  }

  /** The configuration a service needs to use {@code aws} (also for non-test use). */
  public static Map<String, String> overrides(LocalAwsProcess aws, String database) {
    Map<String, String> c = new HashMap<>();
    for (String svc : List.of("s3", "sqs", "sns")) {
      c.put("quarkus." + svc + ".endpoint-override", aws.endpoint());
      c.put("quarkus." + svc + ".aws.region", LocalAwsProcess.REGION);
      c.put("quarkus." + svc + ".aws.credentials.type", "static");
      c.put(
          "quarkus." + svc + ".aws.credentials.static-provider.access-key-id",
          LocalAwsProcess.ACCESS_KEY);
      c.put(
          "quarkus." + svc + ".aws.credentials.static-provider.secret-access-key",
          LocalAwsProcess.SECRET_KEY);
      c.put("quarkus." + svc + ".devservices.enabled", "false");
    }
    c.put("quarkus.s3.path-style-access", "true");
    c.put("quarkus.datasource.jdbc.url", aws.jdbcUrl(database));
    c.put("quarkus.datasource.username", aws.jdbcUser());
    c.put("quarkus.datasource.password", aws.jdbcPassword());
    c.put("mlops.aws.endpoint-override", aws.endpoint());
    c.put("mlops.aws.region", LocalAwsProcess.REGION);
    c.put("quarkus.devservices.enabled", "false");
    return c;
  }

  @Override
  public void stop() {
    // shared by every test class of the JVM; LocalAwsProcess stops it when the JVM exits
  }
}
