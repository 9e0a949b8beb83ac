package dev.mlops.gateway.problem;

import java.util.List;

/**
 * A request the gateway answers with an error: every refusal and every failure is one of these
 * subclasses, mapped once to an RFC 9457 problem body. No stack trace is captured: these are
 * expected outcomes, some of them on the hot path of a hostile client.
 */
public abstract class GatewayException extends RuntimeException {

  protected GatewayException(String detail) {
    super(detail, null, false, false);
  }

  protected GatewayException(String detail, Throwable cause) {
    super(detail, cause, false, false);
  }

  /** HTTP status to answer. */
  public abstract int status();

  /** Short stable name of the problem type, the last part of its {@code type} URI. */
  public abstract String type();

  /** Human-readable summary of the problem type. */
  public abstract String title();

  /** Seconds after which a retry may succeed (a Retry-After header), or 0. */
  public long retryAfterSeconds() {
    return 0;
  }

  /** The offending instances and fields, for 400/422 answers; empty otherwise. */
  public List<InputError> errors() {
    return List.of();
  }

  /** How many errors there were in all (the list may be cut short). */
  public int errorCount() {
    return errors().size();
  }
}
