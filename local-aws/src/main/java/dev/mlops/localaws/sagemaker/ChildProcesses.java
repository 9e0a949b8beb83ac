package dev.mlops.localaws.sagemaker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the container processes behind jobs and endpoints. */
final class ChildProcesses {

  private ChildProcesses() {}

  /** Starts {@code command} with output (both streams) appended to {@code log}. */
  static Process start(List<String> command, Map<String, String> env, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(workDir);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Asks the process (and its children) to stop, then kills it after {@code graceMillis}. */
  static void stop(Process p, long graceMillis) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops several processes at once: all are asked first, then each gets the grace period. */
  static void stopAll(List<Process> processes, long graceMillis) {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
      }
    }
    long deadline = System.nanoTime() + graceMillis * 1_000_000;
    for (Process p : processes) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Kills a process a previous local-aws left running (it died without stopping it), when the pid
   * still belongs to one of our container commands.
   */
  static void killOrphan(long pid, List<String> command) {
    if (pid <= 0) {
      return;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return;
    }
    String cmdLine = h.get().info().commandLine().orElse("");
    String marker = command.isEmpty() ? "" : command.get(command.size() - 1);
    if (!marker.isEmpty() && cmdLine.contains(marker)) {
      h.get().destroyForcibly();
    }
  }

  /** The first 1 KiB of a reason file, trimmed, or null when it is missing or empty. */
  static String reason(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      String s = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (s.isEmpty()) {
        return null;
      }
      return s.length() > 1024 ? s.substring(0, 1024) : s;
    } catch (IOException e) {
      return null;
    }
  }

  /** The path under the job's ML root for a container path ({@code /opt/ml/...}). */
  static Path local(Path mlRoot, String containerPath) {
    String p = containerPath == null ? "" : containerPath;
    Path resolved;
    if (p.equals("/opt/ml")) {
      resolved = mlRoot;
    } else if (p.startsWith("/opt/ml/")) {
      resolved = mlRoot.resolve(p.substring("/opt/ml/".length()));
    } else {
      resolved = mlRoot.resolveSibling("fs").resolve(p.startsWith("/") ? p.substring(1) : p);
    }
    resolved = resolved.normalize();
    if (!resolved.startsWith(mlRoot.getParent())) {
      throw SageMakerException.validation("LocalPath " + containerPath + " leaves the job folder");
    }
    return resolved;
  }
}
