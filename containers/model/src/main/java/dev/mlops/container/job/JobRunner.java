package dev.mlops.container.job;

import dev.mlops.container.MlPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a job body under the SageMaker failure contract: a failure's reason (at most 1 KiB, one
 * paragraph, no stack trace) goes to {@code /opt/ml/output/failure} (training's FailureReason) and
 * {@code /opt/ml/output/message} (processing's ExitMessage) and to stderr, and becomes exit code 1
 * (2 for bad usage).
 */
public final class JobRunner {

  /** SageMaker truncates FailureReason at 1,024 bytes; we cut first so the end is ours. */
  public static final int MAX_REASON_BYTES = 1024;

  /** The work of a job; throws {@link JobFailure} for reasons the caller can act on. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private JobRunner() {}

  /**
   * @param job the subcommand, used in messages
   * @param usage printed with usage errors
   * @return the process exit code
   */
  public static int run(MlPaths paths, String job, String usage, Body body) {
    try {
      body.run();
      return 0;
    } catch (JobFailure e) {
      if (e.exitCode() == JobFailure.USAGE) {
        System.err.println(usage);
      }
      return fail(paths, job, e.getMessage(), e.exitCode());
    } catch (UncheckedIOException | IOException e) {
      Throwable io = e instanceof UncheckedIOException u ? u.getCause() : e;
      return fail(paths, job, "I/O error: " + describe(e, io), JobFailure.FAILED);
    } catch (OutOfMemoryError e) {
      return fail(
          paths,
          job,
          "out of memory (" + e.getMessage() + "): give the job a larger instance or less data",
          JobFailure.FAILED);
    } catch (Exception e) {
      // Not a reason the user can act on: keep the trace on stderr for us, out of the reason.
      e.printStackTrace(System.err);
      return fail(
          paths,
          job,
          "internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage(),
          JobFailure.FAILED);
    }
  }

  private static String describe(Exception outer, Throwable io) {
    String message = outer.getMessage();
    if (message == null || message.isBlank()) {
      message = io == null ? outer.getClass().getSimpleName() : String.valueOf(io);
    }
    return message;
  }

  private static int fail(MlPaths paths, String job, String reason, int exitCode) {
    String text = oneParagraph(job + " failed: " + (reason == null ? "no reason given" : reason));
    byte[] bytes = truncate(text, MAX_REASON_BYTES);
    System.err.println(new String(bytes, StandardCharsets.UTF_8));
    write(paths.failure(), bytes);
    write(paths.message(), bytes);
    return exitCode;
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      System.err.println("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Line breaks would split the reason in SageMaker's console and in logs. */
  static String oneParagraph(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** At most {@code max} bytes of UTF-8, never cutting a character in two. */
  public static byte[] truncate(String text, int max) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= max) {
      return bytes;
    }
    String ellipsis = "...";
    int end = max - ellipsis.length();
    // step back over UTF-8 continuation bytes (10xxxxxx) to a character boundary
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    byte[] out = new byte[end + ellipsis.length()];
    System.arraycopy(bytes, 0, out, 0, end);
    System.arraycopy(ellipsis.getBytes(StandardCharsets.US_ASCII), 0, out, end, ellipsis.length());
    return out;
  }
}
