package dev.mlops.gateway.testing;

import dev.mlops.localaws.testkit.LocalAwsProcess;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a test that waited in vain for the gateway can say about why: whether local-aws still
 * answers, where the gateway's threads in this JVM stand (the Lambda handler's thread, the event
 * loops) and the end of local-aws's log. A hang seen once in CI left only "request timed out"; this
 * puts the evidence into the failure itself.
 */
public final class HangReport {

  private HangReport() {}

  /** One paragraph for an assertion message; the whole thread dump goes to stdout. */
  public static String now() {
    StringBuilder b = new StringBuilder();
    b.append("local-aws: ").append(probeLocalAws()).append('\n');
    StringBuilder all = new StringBuilder("thread dump of the test JVM:\n");
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      String name = t.getThreadName();
      StackTraceElement[] stack = t.getStackTrace();
      all.append('"').append(name).append("\" ").append(t.getThreadState()).append('\n');
      for (StackTraceElement s : stack) {
        all.append("    at ").append(s).append('\n');
      }
      if (name.startsWith("Lambda Thread") || name.startsWith("vert.x-eventloop")) {
        if (name.startsWith("vert.x-eventloop") && idleEventLoop(stack)) {
          continue;
        }
        b.append(name).append(' ').append(t.getThreadState());
        for (int i = 0; i < Math.min(8, stack.length); i++) {
          b.append(" <- ").append(stack[i]);
        }
        b.append('\n');
      }
    }
    System.out.println(all);
    b.append(localAwsLogTail(15));
    return b.toString();
  }

  private static boolean idleEventLoop(StackTraceElement[] stack) {
    for (int i = 0; i < Math.min(6, stack.length); i++) {
      String m = stack[i].getClassName() + "." + stack[i].getMethodName();
      if (m.contains("epollWait") || m.contains("EPoll.wait") || m.contains("select")) {
        return true;
      }
    }
    return false;
  }

  private static String probeLocalAws() {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(LocalAwsProcess.shared().endpoint() + "/_localaws/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return "health " + r.statusCode() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
    } catch (Exception e) {
      return "no answer in " + (System.nanoTime() - start) / 1_000_000 + " ms (" + e + ")";
    }
  }

  private static String localAwsLogTail(int lines) {
    try {
      Path out = LocalAwsProcess.shared().dataDir().resolve("local-aws.out");
      List<String> all = Files.readAllLines(out, StandardCharsets.UTF_8);
      return "local-aws.out, last lines:\n  "
          + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (Exception e) {
      return "local-aws.out: unreadable (" + e + ")";
    }
  }
}
