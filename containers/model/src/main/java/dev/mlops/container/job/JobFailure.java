package dev.mlops.container.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A job cannot do its work for a reason the person who started it can act on (bad data, a missing
 * channel, a wrong hyperparameter). The message is that reason, in one paragraph: it becomes
 * SageMaker's {@code FailureReason} / {@code ExitMessage}, so it never carries a stack trace.
 */
public class JobFailure extends RuntimeException {

  /** The job failed: its input or configuration is wrong. */
  public static final int FAILED = 1;

  /** The command line is wrong. */
  public static final int USAGE = 2;

  private final int exitCode;

  public JobFailure(String reason) {
    this(reason, FAILED, null);
  }

  public JobFailure(String reason, Throwable cause) {
    this(reason, FAILED, cause);
  }

  private JobFailure(String reason, int exitCode, Throwable cause) {
    super(reason, cause);
    this.exitCode = exitCode;
  }

  /** A command-line mistake (exit code 2). */
  public static JobFailure usage(String reason) {
    return new JobFailure(reason, USAGE, null);
  }

  public int exitCode() {
    return exitCode;
  }

  /**
   * XGBoost's native errors carry a timestamp, a source path and a native stack trace; the reason
   * keeps only XGBoost's sentence.
   */
  public static JobFailure fromXgboost(String doing, XGBoostError e) {
    return new JobFailure(doing + ": " + xgboostMessage(e), e);
  }

  static String xgboostMessage(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    int stack = message.indexOf("Stack trace:");
    if (stack >= 0) {
      message = message.substring(0, stack);
    }
    // "[12:00:00] /workspace/src/learner.cc:742: Unknown metric ..." -> "Unknown metric ..."
    message = message.replaceFirst("^\\[[0-9:]+\\]\\s*\\S+:\\d+:\\s*", "").strip();
    return message.isEmpty() ? e.getClass().getSimpleName() : message;
  }

  /**
   * A cause's message fit for a reason: for JSON errors Jackson's own words and the line and
   * column, without the dump of the source it appends.
   */
  public static String describe(Throwable e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof JsonProcessingException j) {
        JsonLocation at = j.getLocation();
        String where =
            at == null || at.getLineNr() < 0
                ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        Throwable root = j;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        String message =
            root != j && root.getMessage() != null ? root.getMessage() : j.getOriginalMessage();
        return message + where;
      }
      t = t.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
