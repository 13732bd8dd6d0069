package dev.babysitter.agent.cli;

/** A problem the user can fix; printed as one clear message, never as a stack trace. */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
