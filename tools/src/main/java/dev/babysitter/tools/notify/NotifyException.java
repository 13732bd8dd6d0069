package dev.babysitter.tools.notify;

import java.time.Duration;

/**
 * A webhook post that did not succeed. {@link #retryable()} for transient causes (unreachable,
 * 429, 5xx); {@link #retryAfter()} is what the service asked us to wait, or null. The message
 * never contains the webhook URL (it is the credential): it names the environment variable.
 */
public final class NotifyException extends Exception {
  private final boolean retryable;
  private final Duration retryAfter;
  private final boolean webhookInvalid;

  public NotifyException(String message, boolean retryable, Duration retryAfter) {
    this(message, retryable, retryAfter, false);
  }

  /** @param webhookInvalid the webhook itself is gone or refused: no later message can work */
  public NotifyException(String message, boolean retryable, Duration retryAfter,
      boolean webhookInvalid) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.webhookInvalid = webhookInvalid;
  }

  public boolean webhookInvalid() {
    return webhookInvalid;
  }

  public boolean retryable() {
    return retryable;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
