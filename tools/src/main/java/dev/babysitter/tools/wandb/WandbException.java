package dev.babysitter.tools.wandb;

import java.time.Duration;

/**
 * A W&B question that got no usable answer. {@code kind} says what the caller can do: AUTH names
 * where the key came from (never the key), RATE_LIMITED carries how long W&B asked us to wait.
 */
public final class WandbException extends Exception {
  public enum Kind { AUTH, RATE_LIMITED, TRANSIENT, MALFORMED, QUERY }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public WandbException(Kind kind, int status, String message, Duration retryAfter) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public WandbException(Kind kind, int status, String message) {
    this(kind, status, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when no reply came. */
  public int status() {
    return status;
  }

  /** What a 429's Retry-After asked for, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
