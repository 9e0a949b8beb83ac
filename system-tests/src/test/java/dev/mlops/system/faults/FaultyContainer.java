package dev.mlops.system.faults;

import dev.mlops.container.ContainerMain;
import dev.mlops.container.serve.HttpStack;
import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model image with a serving bug, as CI might build by mistake: {@code preprocess}, {@code train}
 * and {@code evaluate} are the real container's (so the model passes the offline gate), but {@code
 * serve} either answers its first {@value #HEALTHY_INVOCATIONS} invocations and fails every one
 * after them ({@code errors}: a leak that shows under load, so the dev endpoint's one-request smoke
 * test passes), or answers a constant ({@code constant}). Only the canary's online analysis can
 * catch either.
 *
 * <p>Usage (local-aws's image map): {@code FaultyContainer <errors|constant> <command> [args]}.
 */
public final class FaultyContainer {

  static final int HEALTHY_INVOCATIONS = 3;

  private FaultyContainer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String[] command = Arrays.copyOfRange(args, 1, args.length);
    if (command.length == 0 || !command[0].equals("serve")) {
      ContainerMain.main(command);
      return;
    }
    AtomicInteger invocations = new AtomicInteger();
    String port = System.getenv().getOrDefault("SAGEMAKER_BIND_TO_PORT", "8080");
    HttpStack stack =
        HttpStack.start(
            "127.0.0.1",
            Integer.parseInt(port),
            () ->
                req -> {
                  if (req.path().equals("/ping")) {
                    req.response().end("{\"status\":\"ok\"}");
                    return;
                  }
                  req.body()
                      .onSuccess(
                          body -> {
                            if (mode.equals("errors")
                                && invocations.incrementAndGet() > HEALTHY_INVOCATIONS) {
                              req.response()
                                  .setStatusCode(500)
                                  .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                                  .end("{\"status\":500,\"detail\":\"deliberate serving bug\"}");
                              return;
                            }
                            long rows = body.toString().lines().filter(l -> !l.isBlank()).count();
                            req.response()
                                .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv")
                                .end("123456.0\n".repeat((int) Math.max(1, rows)));
                          });
                });
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    System.out.println("faulty serve (" + mode + ") on port " + stack.port());
  }
}
