package dev.babysitter.tools.vast;

import java.io.IOException;

/**
 * A Vast API call that did not succeed. An IOException so that providers can pass it through
 * unchanged; {@link #kind()} says what went wrong and {@link #retryable()} whether the same call
 * may work later. Messages never contain the API key.
 */
public class VastException extends IOException {

  /** What went wrong, coarse enough for callers to act on. */
  public enum Kind {
    /** The key is missing, wrong, deleted or lacks permission. */
    AUTH(false),
    /** The offer was taken between search and create. */
    OFFER_GONE(false),
    /** The instance does not exist (any more). */
    NOT_FOUND(false),
    /** 429: back off and try again. */
    RATE_LIMITED(true),
    /** 5xx, a reset connection or a timeout. */
    TRANSIENT(true),
    /** The reply was not the JSON the reference documents. */
    MALFORMED(false),
    /** Any other refusal (400, 403 non-auth, success:false). */
    REJECTED(false),
    /**
     * A create got no answer and no instance with its label showed up: it may or may not exist.
     * Never retried automatically, since that could rent two machines.
     */
    UNCERTAIN(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Kind kind;
  private final int status;

  public VastException(Kind kind, int status, String message) {
    super(message);
    this.kind = kind;
    this.status = status;
  }

  public VastException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  public boolean retryable() {
    return kind.retryable;
  }
}
