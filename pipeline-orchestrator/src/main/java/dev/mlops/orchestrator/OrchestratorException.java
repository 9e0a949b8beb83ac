package dev.mlops.orchestrator;

/**
 * A refusal the caller can act on. The one exception mapper turns {@link Kind} into the HTTP status
 * of the problem+json answer; anything else that escapes is our bug (500, no details).
 */
public class OrchestratorException extends RuntimeException {

  /** Whose mistake, and which status. */
  public enum Kind {
    /** 400: the request is wrong. */
    INVALID,
    /** 404: no such run, version or deployment. */
    NOT_FOUND,
    /** 409: the request conflicts with the current state. */
    CONFLICT
  }

  private final Kind kind;

  public OrchestratorException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static OrchestratorException invalid(String message) {
    return new OrchestratorException(Kind.INVALID, message);
  }

  public static OrchestratorException notFound(String message) {
    return new OrchestratorException(Kind.NOT_FOUND, message);
  }

  public static OrchestratorException conflict(String message) {
    return new OrchestratorException(Kind.CONFLICT, message);
  }
}
