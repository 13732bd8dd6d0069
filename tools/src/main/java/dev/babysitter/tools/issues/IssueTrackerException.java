package dev.babysitter.tools.issues;

/**
 * A tracker call that did not succeed. {@link #retryable()} is true for transient causes
 * (unreachable, rate limited, 5xx): the same call may work later, so callers keep it queued.
 */
public class IssueTrackerException extends Exception {
  private final boolean retryable;

  public IssueTrackerException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public IssueTrackerException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
